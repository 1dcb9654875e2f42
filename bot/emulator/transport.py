"""HTTP: the three body encodings Telegram accepts, and the threaded server around the emulator."""

from __future__ import annotations

import json
import logging
import socket
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from bot.emulator.spec import ApiError, UploadedFile

if TYPE_CHECKING:
    from bot.emulator.server import BotAPIEmulator

logger = logging.getLogger("bot.emulator")

_MAX_BODY = 50 * 1024 * 1024  # Telegram's upload cap; bigger bodies are refused unread


def parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Read params the three ways Telegram accepts them."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}
    if kind == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON body") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Bad Request: the JSON body must be an object")
        return data
    if kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        if not message.is_multipart():
            raise ApiError(400, "Bad Request: can't parse multipart/form-data body")
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                params[str(name)] = UploadedFile(filename, part.get_content_type(), payload)
            else:
                params[str(name)] = payload.decode(part.get_content_charset() or "utf-8", "replace")
        return params
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise ApiError(400, "Bad Request: request body is not valid UTF-8") from None


class Handler(BaseHTTPRequestHandler):
    """One HTTP connection; every request is answered by the emulator's dispatcher."""

    protocol_version = "HTTP/1.1"  # keep-alive, as httpx's pool expects
    server_version = "BotAPIEmulator"
    timeout = 120  # idle keep-alive connections end eventually even if nobody stops the server
    server: Server

    def setup(self) -> None:
        # Headers and body leave in two writes; without NODELAY, Nagle + delayed ACK add ~40 ms each.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()
        self.server.emulator._track_connection(self.connection, True)

    def finish(self) -> None:
        self.server.emulator._track_connection(self.connection, False)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("emulator http: " + format, *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve()

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        self._serve()

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except ApiError as exc:
            self.close_connection = True  # the unread body would poison the next request
            envelope = {"ok": False, "error_code": exc.error_code, "description": exc.description}
            self._reply(exc.error_code, envelope)
            return
        status, payload = self.server.emulator._dispatch(
            self.command, self.path, self.headers.get("Content-Type", ""), body
        )
        self._reply(status, payload)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ApiError(400, "Bad Request: invalid Content-Length") from None
        if length > _MAX_BODY:
            raise ApiError(413, "Request Entity Too Large")
        return self.rfile.read(length) if length > 0 else b""

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            # The client gave up (e.g. PTB cancelled a long poll on shutdown): nobody to tell.
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a waiting long poll must never keep the process alive
    block_on_close = False
    emulator: BotAPIEmulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients vanishing mid-request are normal here (cancelled polls); keep stderr clean."""
        logger.debug("emulator: connection from %s failed", client_address, exc_info=True)
