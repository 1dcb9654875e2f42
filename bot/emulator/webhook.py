"""Webhooks: setWebhook, deleteWebhook, getWebhookInfo, and delivering updates by HTTP POST.

A mixin of BotAPIEmulator: public methods take the lock; the rest run with it held.

While a webhook is set, injected updates stay pending (getUpdates answers 409) and one thread POSTs
them to the webhook in order, as Telegram does: JSON body, the secret in
``X-Telegram-Bot-Api-Secret-Token``, any 2xx confirms the update, anything else is retried after a
growing pause. Two deliberate differences from Telegram: ``http://`` is accepted for loopback hosts
(tests have no certificate), and updates are only ever POSTed to loopback hosts, so a test that sets
a webhook elsewhere never reaches the internet: its updates simply stay pending.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from bot.emulator.spec import ApiError

logger = logging.getLogger("bot.emulator")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_WEBHOOK_PORTS = (80, 88, 443, 8443)  # telegram.constants.SUPPORTED_WEBHOOK_PORTS
_POST_TIMEOUT = 10.0
_SAME_SECRET = object()  # post_update_raw's default: the secret the bot registered


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _post(url: str, secret: str | None, body: bytes) -> tuple[int | None, str | None]:
    """(HTTP status, error): the status of any answer, or None and why there was none."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never goes via a proxy
    try:
        with opener.open(request, timeout=_POST_TIMEOUT) as response:
            response.read()
            return response.status, None
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code, f"Wrong response from the webhook: {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"Connection failed: {reason}"


class WebhookMixin:
    _cond: threading.Condition
    _stopping: bool
    _updates: list[dict[str, Any]]
    _allowed_updates: list[str] | None
    _poll_generation: int
    _clock: Callable[[], float]

    # Attempts per update before it is dropped (Telegram keeps trying for a day; a test cannot wait),
    # and the first pause between attempts, doubled each time: 0.1 + 0.2 + ... + 1.6 s in all.
    webhook_attempts = 6
    webhook_backoff = 0.1

    def _init_webhook(self) -> None:
        self._webhook: dict[str, Any] = {"url": ""}
        self._webhook_secret: str | None = None
        self._webhook_error: tuple[int, str] | None = None  # (unix time, message), as getWebhookInfo shows
        self._deliveries: list[dict[str, Any]] = []
        self._delivery_thread: threading.Thread | None = None

    def _webhook_handlers(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
        }

    # -- the Bot API methods (callers hold self._cond) ----------------------------------------

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params["url"].strip()
        if url:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if not (scheme == "https" or (scheme == "http" and is_loopback(parts.hostname))):
                raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            if not is_loopback(parts.hostname) and (parts.port or 443) not in _WEBHOOK_PORTS:
                raise ApiError(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        kept = {k: v for k, v in params.items() if k in ("max_connections", "allowed_updates")}
        self._webhook = {"url": url, **kept}
        self._webhook_secret = secret if url else None
        self._webhook_error = None
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        self._poll_generation += 1  # a webhook ends any running long poll
        if url:
            self._start_delivery()
        self._cond.notify_all()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": ""}
        self._webhook_secret = None
        self._webhook_error = None
        self._cond.notify_all()
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        """As Telegram: never the secret token."""
        info = {**copy.deepcopy(self._webhook), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}
        if self._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    # -- delivery ------------------------------------------------------------------------------

    def _start_delivery(self) -> None:
        if self._delivery_thread is not None and self._delivery_thread.is_alive():
            return
        self._delivery_thread = threading.Thread(target=self._deliver_forever, name="bot-api-emulator:webhook",
                                                 daemon=True)
        self._delivery_thread.start()

    def _stop_delivery(self) -> None:
        """After stop() set _stopping: the thread ends once its current POST does."""
        thread, self._delivery_thread = self._delivery_thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=_POST_TIMEOUT + 1)

    def _deliverable(self) -> bool:
        return bool(self._updates) and is_loopback(urlsplit(self._webhook["url"]).hostname)

    def _deliver_forever(self) -> None:
        """One update at a time, oldest first; it leaves the queue once the webhook answers 2xx or
        after ``webhook_attempts`` failures (then getWebhookInfo shows the last error)."""
        attempts: dict[int, int] = {}
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._stopping or self._deliverable())
                if self._stopping:
                    return
                update = copy.deepcopy(self._updates[0])
                url, secret = self._webhook["url"], self._webhook_secret
            update_id = update["update_id"]
            status, error = _post(url, secret, json.dumps(update).encode("utf-8"))
            with self._cond:
                attempt = attempts.get(update_id, 0) + 1
                self._deliveries.append({"update_id": update_id, "url": url, "status": status, "error": error,
                                         "attempt": attempt, "time": self._clock()})
                done = status is not None and 200 <= status < 300
                if not done:
                    self._webhook_error = (int(time.time()), error or f"Wrong response from the webhook: {status}")
                    logger.debug("emulator: webhook delivery of update %d failed: %s", update_id, error)
                if done or attempt >= self.webhook_attempts:
                    attempts.pop(update_id, None)
                    self._updates = [u for u in self._updates if u["update_id"] != update_id]
                else:
                    attempts[update_id] = attempt
                self._cond.notify_all()
                if not done and attempt < self.webhook_attempts:
                    pause = self.webhook_backoff * 2 ** (attempt - 1)  # real seconds: the bot's server is real
                    self._cond.wait_for(lambda: self._stopping, pause)

    # -- what a test drives and reads -------------------------------------------------------------

    def webhook(self) -> dict[str, Any]:
        """The webhook as set: url, max_connections, allowed_updates, and the secret_token (which
        getWebhookInfo never shows)."""
        with self._cond:
            return {**copy.deepcopy(self._webhook), "secret_token": self._webhook_secret}

    def webhook_deliveries(self) -> list[dict[str, Any]]:
        """Every POST of an update to the webhook: update_id, url, status (None when nothing answered),
        error, attempt (1 for the first try of that update), time on the emulator's clock."""
        with self._cond:
            return copy.deepcopy(self._deliveries)

    def wait_for_deliveries(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Block until at least ``count`` POSTs were made to the webhook; return them all."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._deliveries) >= count or self._stopping, timeout):
                raise TimeoutError(f"expected {count} webhook deliveries within {timeout}s, "
                                   f"got {len(self._deliveries)}: {self._deliveries}")
            return copy.deepcopy(self._deliveries)

    def post_update_raw(self, update: dict[str, Any], secret: Any = _SAME_SECRET) -> int | None:
        """POST ``update`` to the webhook now, as a stranger could: with ``secret`` in the header
        (None: no header; default: the registered one). Returns the status; nothing is recorded."""
        with self._cond:
            url = self._webhook["url"]
            if not url:
                raise RuntimeError("no webhook is set")
            if not is_loopback(urlsplit(url).hostname):
                raise RuntimeError("the emulator only posts to loopback webhooks")
            if secret is _SAME_SECRET:
                secret = self._webhook_secret
        status, _ = _post(url, secret, json.dumps(update).encode("utf-8"))
        return status
