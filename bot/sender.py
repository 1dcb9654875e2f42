"""Sending queued alerts. Telegram's errors are policy, decided here and only here.

- ``RetryAfter``: stop this round; the alert stays pending and the next round resends it.
- ``Forbidden`` (blocked, kicked, deactivated): the chat is deactivated; its alerts stop.
- ``ChatMigrated``: the group became a supergroup; follows and alerts move to the new id.
- ``BadRequest`` about entities: resend as plain text; any other ``BadRequest`` fails that alert.
- Network trouble: the alert stays pending for the next round.
A delivery is recorded as sent only after Telegram accepted it, so a crash can resend, never lose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.core.format import format_alert, format_alert_plain
from bot.store import Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    sent_to: list[int] = field(default_factory=list)


async def send_pending(bot: Bot, store: Store, clock: Callable[[], datetime], limit: int = 500) -> SendReport:
    report = SendReport()
    for delivery_id, chat_id, article, reasons in store.pending_deliveries(limit):
        html_text = format_alert(article.summary, article.link, article.feed_name, reasons)
        try:
            try:
                message = await bot.send_message(
                    chat_id, html_text, parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
            except BadRequest as exc:
                if "parse entities" not in exc.message.lower():
                    raise
                log.warning("alert %d refused as HTML (%s); sending plain text", delivery_id, exc.message)
                message = await bot.send_message(
                    chat_id, format_alert_plain(article.summary, article.link, article.feed_name, reasons)
                )
        except RetryAfter as exc:
            log.warning("Telegram asked to slow down (retry after %ss); alerts stay queued", exc.retry_after)
            report.deferred += 1
            break
        except ChatMigrated as exc:
            log.info("chat %d migrated to %d", chat_id, exc.new_chat_id)
            store.migrate_chat(chat_id, exc.new_chat_id)
            report.deferred += 1
            continue
        except Forbidden as exc:
            log.info("chat %d is gone (%s); deactivating it", chat_id, exc.message)
            store.mark_failed(delivery_id, exc.message, permanent=True)
            store.deactivate_chat(chat_id)
            report.failed += 1
            continue
        except BadRequest as exc:
            log.error("alert %d to chat %d refused: %s", delivery_id, chat_id, exc.message)
            store.mark_failed(delivery_id, exc.message, permanent=True)
            report.failed += 1
            continue
        except (NetworkError, TelegramError) as exc:
            log.warning("alert %d to chat %d not sent yet: %s", delivery_id, chat_id, exc)
            store.mark_failed(delivery_id, str(exc), permanent=False, max_attempts=MAX_ATTEMPTS)
            report.deferred += 1
            break
        store.mark_sent(delivery_id, message.message_id, clock())
        report.sent += 1
        report.sent_to.append(chat_id)
    return report
