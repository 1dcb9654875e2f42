"""A local Telegram Bot API server for tests and the offline demo.

The real python-telegram-bot library talks to it over real HTTP (``base_url``), so the bot's
request encoding, its error mapping (RetryAfter, Forbidden, ChatMigrated) and its polling loop
run exactly as in production, without ever reaching api.telegram.org.

Validation is derived from the Bot API 10.1 JSON spec shipped in ``bot/data``: unknown methods,
missing required parameters and wrongly typed values (including fields of JSON-serialized
objects such as ``reply_markup``) are rejected where the real server would reject them. A few
methods have real behaviour (messages, updates, commands, webhook, profile); every other method
of the spec is validated, recorded and answers ``true``.

Stdlib only, so the emulator can run wherever the bot runs.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import logging
import math
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "BotAPIEmulator",
    "EmulatorTimeout",
    "MAX_MESSAGE_LENGTH",
    "check_message_text",
    "parse_telegram_html",
    "utf16_length",
]

logger = logging.getLogger(__name__)

DEFAULT_SPEC_PATH = Path(__file__).parent / "data" / "bot-api-10.1.min.json"
MAX_MESSAGE_LENGTH = 4096  # sendMessage.text, UTF-16 code units after entity parsing
_MAX_BODY = 50 * 1024 * 1024  # Telegram's upload cap; bigger bodies are refused unread
_MAX_LONG_POLL = 50.0  # Telegram answers long polls after at most ~50 s
_TOKEN_RE = re.compile(r"(\d+):[A-Za-z0-9_-]+")
_PATH_RE = re.compile(r"/bot([^/]*)/([^/]*)")
_INT_RE = re.compile(r"[+-]?\d+")
_INT64 = (-(2**63), 2**63 - 1)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_BOT_COMMAND_PREFIX_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)
# Update types Telegram leaves out when allowed_updates is unset or empty.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


# ---------------------------------------------------------------------------------------------
# Text: Telegram's HTML dialect and its length rules (pure functions, usable without a server)
# ---------------------------------------------------------------------------------------------

_TAG_ENTITY = {
    "b": "bold", "strong": "bold",
    "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[xX][0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*)(;?)")
_HTML_SPACE = " \t\r\n\v\f"  # TDLib's is_space: tag names and attributes end at these


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for limits and entity offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _char_u16(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _byte_offset(text: str, index: int) -> int:
    """Telegram reports HTML errors at UTF-8 byte offsets, not character indices."""
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _decode_entity(text: str, i: int) -> tuple[str, int]:
    """Decode the character reference at text[i] == '&'; return (char, index after it).

    Stricter than Telegram on purpose: Telegram keeps an unknown or bare '&' literally, but in
    newsbell that always means a missing html.escape(), so it is reported as an error.
    """
    where = f"at byte offset {_byte_offset(text, i)}"
    match = _ENTITY_RE.match(text, i)
    body, semicolon = (match.group(1), match.group(2)) if match else ("", "")
    numeric = body.startswith("#")
    if not semicolon:
        if numeric or body in _NAMED_ENTITIES:
            raise ValueError(f"can't parse entities: HTML entity \"&{body}\" {where} lacks its \";\"")
        raise ValueError(f"can't parse entities: Unescaped \"&\" {where}: write it as \"&amp;\"")
    assert match is not None
    if numeric:
        hexadecimal = body[1] in "xX"
        digits = body[2:] if hexadecimal else body[1:]
        code = int(digits, 16 if hexadecimal else 10) if len(digits) <= 8 else -1
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code), match.end()
    elif body in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[body], match.end()
    raise ValueError(f"can't parse entities: Unsupported HTML entity \"&{body};\" {where}")


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the plain text
    byte_offset: int


def _parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML like TDLib's parse_html; return (plain text, MessageEntity dicts)."""
    out: list[str] = []
    u16 = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    n = len(text)
    i = 0

    def fail(message: str) -> ValueError:
        return ValueError(f"can't parse entities: {message}")

    while i < n:
        ch = text[i]
        if ch == "&":
            decoded, i = _decode_entity(text, i)
            out.append(decoded)
            u16 += _char_u16(decoded)
            continue
        if ch != "<":
            out.append(ch)
            u16 += _char_u16(ch)
            i += 1
            continue
        begin = i
        where = f"at byte offset {_byte_offset(text, begin)}"
        i += 1
        if i < n and text[i] == "/":
            if not stack:
                raise fail(f"Unexpected end tag {where}")
            j = i + 1
            while j < n and text[j] not in _HTML_SPACE and text[j] != ">":
                j += 1
            end_name = text[i + 1 : j].lower()
            while j < n and text[j] in _HTML_SPACE:
                j += 1
            if j >= n or text[j] != ">":
                raise fail(f"Unclosed end tag {where}")
            open_tag = stack.pop()
            if end_name and end_name != open_tag.name:
                raise fail(
                    f'Unmatched end tag {where}, expected "</{open_tag.name}>", found "</{end_name}>"'
                )
            i = j + 1
            _close_tag(open_tag, u16, stack, entities)
            continue

        j = i
        while j < n and text[j] not in _HTML_SPACE and text[j] != ">":
            j += 1
        if j >= n:
            raise fail(f"Unclosed start tag {where}")
        name = text[i:j].lower()
        if name not in _TAG_ENTITY:
            raise fail(f'Unsupported start tag "{name}" {where}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j] in _HTML_SPACE:
                j += 1
            if j >= n:
                raise fail(f"Unclosed start tag {where}")
            if text[j] == ">":
                break
            attr_begin = j
            while j < n and text[j] not in _HTML_SPACE and text[j] not in "=>":
                j += 1
            attr = text[attr_begin:j].lower()
            if not attr:
                raise fail(f'Empty attribute name in the tag "{name}" {where}')
            while j < n and text[j] in _HTML_SPACE:
                j += 1
            if j < n and text[j] != "=":
                if name == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    continue
                raise fail(f'Expected equal sign in declaration of an attribute of the tag "{name}" {where}')
            j += 1
            while j < n and text[j] in _HTML_SPACE:
                j += 1
            if j >= n:
                raise fail(f"Unclosed start tag {where}")
            if text[j] in "'\"":
                quote = text[j]
                j += 1
                value: list[str] = []
                while j < n and text[j] != quote:
                    if text[j] == "&":
                        decoded, j = _decode_entity(text, j)
                        value.append(decoded)
                    else:
                        value.append(text[j])
                        j += 1
                if j >= n:
                    raise fail(f"Unclosed start tag {where}")
                j += 1
                attrs[attr] = "".join(value)
            else:
                token_begin = j
                while j < n and (text[j].isalnum() or text[j] in ".-"):
                    j += 1
                if j >= n:
                    raise fail(f"Unclosed start tag {where}")
                if text[j] not in _HTML_SPACE and text[j] != ">":
                    token_at = _byte_offset(text, token_begin)
                    raise fail(f"Unexpected end of name token at byte offset {token_at}")
                attrs[attr] = text[token_begin:j].lower()
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise fail(f'Tag "span" must have class "tg-spoiler" {where}')
        if name == "tg-emoji" and not (attrs.get("emoji-id", "").isdigit() and int(attrs["emoji-id"]) > 0):
            raise fail(f"Invalid custom emoji identifier specified {where}")
        stack.append(_OpenTag(name, attrs, u16, _byte_offset(text, begin)))
        i = j + 1

    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close_tag(tag: _OpenTag, end: int, stack: list[_OpenTag], entities: list[dict[str, Any]]) -> None:
    """Turn a closed tag into a MessageEntity; <pre><code class="language-x"> becomes one pre."""
    language = tag.attrs.get("class", "")
    if tag.name == "code" and language.startswith("language-") and stack and stack[-1].name == "pre":
        stack[-1].attrs["_language"] = language[len("language-") :]
        return
    length = end - tag.start
    if length <= 0:
        return  # Telegram drops empty entities
    entity: dict[str, Any] = {"type": _TAG_ENTITY[tag.name], "offset": tag.start, "length": length}
    if tag.name == "a":
        if not tag.attrs.get("href"):
            return  # no URL, no link: the text stays plain
        entity["url"] = tag.attrs["href"]
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    elif tag.name == "pre" and tag.attrs.get("_language"):
        entity["language"] = tag.attrs["_language"]
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    entities.append(entity)


def parse_telegram_html(text: str) -> str:
    """Return the plain text Telegram would show for ``text`` sent with parse_mode=HTML.

    Raises ValueError whose message is Telegram's description without the "Bad Request: "
    prefix, e.g. ``can't parse entities: Unsupported start tag "p" at byte offset 0``.
    The text is not trimmed and its length is not checked: see check_message_text for that.
    """
    return _parse_html(text)[0]


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip surrounding whitespace as Telegram does, shifting and clipping entity ranges."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_length(text[: len(text) - len(text.lstrip())])
    size = utf16_length(stripped)
    kept = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        stop = min(size, entity["offset"] + entity["length"] - lead)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept


def check_message_text(
    text: str, parse_mode: str | None = None, entities: list[dict[str, Any]] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Apply sendMessage's text rules; return (plain text, entities) as Telegram would store them.

    HTML is parsed strictly; MarkdownV2/Markdown are accepted unparsed (their plain text is the
    raw text and only emptiness is checked). The length limit counts UTF-16 code units of the
    trimmed plain text. Raises ValueError(description without "Bad Request: ").
    """
    mode = (parse_mode or "").strip().lower()
    if mode == "html":
        plain, found = _parse_html(text)
    elif mode == "":
        plain, found = text, list(entities or [])
    elif mode in ("markdown", "markdownv2"):
        plain, found = text, []
    else:
        raise ValueError(f"unsupported parse_mode {parse_mode!r}")
    plain, found = _trim(plain, found)
    if not plain:
        raise ValueError("message text is empty")
    if mode not in ("markdown", "markdownv2") and utf16_length(plain) > MAX_MESSAGE_LENGTH:
        raise ValueError("message is too long")
    return plain, found


# ---------------------------------------------------------------------------------------------
# The spec: method lookup and type coercion derived from bot-api-10.1.min.json
# ---------------------------------------------------------------------------------------------


class _ApiError(Exception):
    """An error envelope; the HTTP status equals error_code, as with the real server."""

    def __init__(self, error_code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


class _Mismatch(Exception):
    """A value does not fit a spec type; path locates it inside the parameter."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason

    @property
    def depth(self) -> int:
        return self.path.count(".") + self.path.count("[")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request (what the spec calls InputFile)."""

    filename: str
    content_type: str
    data: bytes

    def describe(self) -> dict[str, Any]:
        return {"filename": self.filename, "content_type": self.content_type, "size": len(self.data)}


def _shown(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 60 else shown[:57] + "..."


class _Spec:
    """Methods and types of the Bot API, as published in the machine-readable spec."""

    def __init__(self, data: dict[str, Any]):
        self.version: str = data.get("version", "")
        self.methods: dict[str, dict[str, Any]] = {name.lower(): m for name, m in data["methods"].items()}
        self.types: dict[str, dict[str, Any]] = data["types"]

    def method(self, name: str) -> dict[str, Any] | None:
        """Telegram resolves method names case-insensitively."""
        return self.methods.get(name.lower())

    def validate(self, method: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        """Check presence and types of the method's fields; return typed params.

        Parameters the spec does not know are kept as sent: Telegram ignores them too.
        """
        params = dict(raw)
        for spec_field in method.get("fields", []):
            name, types = spec_field["name"], spec_field["types"]
            value = raw.get(name)
            if value == "" and "String" not in types:
                value = None  # an empty form value means "not given" for non-string fields
            if value is None:
                params.pop(name, None)
                if spec_field["required"]:
                    raise _ApiError(400, f'Bad Request: parameter "{name}" is required')
                continue
            try:
                params[name] = self.coerce(value, types, name, top=True)
            except _Mismatch as exc:
                if exc.path == name:
                    raise _ApiError(400, f'Bad Request: parameter "{name}" {exc.reason}') from None
                raise _ApiError(
                    400, f'Bad Request: can\'t parse parameter "{name}": field "{exc.path}" {exc.reason}'
                ) from None
        return params

    def coerce(self, value: Any, types: list[str], path: str, top: bool) -> Any:
        """Fit value to the first matching alternative; report the most specific mismatch."""
        if len(types) == 1:
            return self._coerce_one(value, types[0], path, top)
        best: _Mismatch | None = None
        for type_name in types:
            try:
                return self._coerce_one(value, type_name, path, top)
            except _Mismatch as exc:
                if best is None or exc.depth > best.depth:
                    best = exc
        assert best is not None
        if best.path == path:
            raise _Mismatch(path, f"must be of type {' or '.join(types)}, got {_shown(value)}")
        raise best

    def _coerce_one(self, value: Any, type_name: str, path: str, top: bool) -> Any:
        if type_name.startswith("Array of "):
            inner = type_name[len("Array of ") :]
            if top and isinstance(value, str):
                value = self._json(value, path, type_name)
            if not isinstance(value, list):
                raise _Mismatch(path, f"must be a JSON array ({type_name}), got {_shown(value)}")
            return [self.coerce(item, [inner], f"{path}[{k}]", False) for k, item in enumerate(value)]
        primitive = _PRIMITIVES.get(type_name)
        if primitive is not None:
            return primitive(value, path)
        if top and isinstance(value, str):
            value = self._json(value, path, type_name)
        spec = self.types.get(type_name)
        if spec is None or ("fields" not in spec and "subtypes" not in spec):
            return value  # opaque in the spec (e.g. CallbackGame): nothing to check
        if "subtypes" in spec:
            return self._coerce_union_type(value, type_name, spec["subtypes"], path)
        if not isinstance(value, dict):
            raise _Mismatch(path, f"must be a JSON object ({type_name}), got {_shown(value)}")
        result = dict(value)
        for spec_field in spec["fields"]:
            name = spec_field["name"]
            if value.get(name) is None:
                if spec_field["required"]:
                    raise _Mismatch(f"{path}.{name}", "is required")
                continue
            result[name] = self.coerce(value[name], spec_field["types"], f"{path}.{name}", False)
        return result

    def _coerce_union_type(self, value: Any, type_name: str, subtypes: list[str], path: str) -> Any:
        """Pick the subtype named by the discriminator (type/source/status) when there is one."""
        discriminator = self._discriminator(type_name)
        if discriminator is not None and isinstance(value, dict) and discriminator[0] in value:
            key, table = discriminator
            subtype = table.get(value[key]) if isinstance(value[key], str) else None
            if subtype is None:
                reason = f"has unsupported value {_shown(value[key])} for {type_name}"
                raise _Mismatch(f"{path}.{key}", reason)
            return self._coerce_one(value, subtype, path, False)
        return self.coerce(value, subtypes, path, False)

    @functools.cache  # noqa: B019 - one _Spec per emulator, lives as long
    def _discriminator(self, type_name: str) -> tuple[str, dict[str, str]] | None:
        """Read 'always "x"' / 'must be x' from each subtype's first field, if all have one."""
        table: dict[str, str] = {}
        key: str | None = None
        for subtype in self.types[type_name]["subtypes"]:
            fields = self.types.get(subtype, {}).get("fields") or []
            if not fields or fields[0]["name"] not in ("type", "source", "status"):
                return None
            match = re.search(r'(?:always|must be)\s+["“]?([A-Za-z0-9_]+)', fields[0]["description"])
            if match is None or (key is not None and key != fields[0]["name"]):
                return None
            key = fields[0]["name"]
            table[match.group(1)] = subtype
        return (key, table) if key else None

    @staticmethod
    def _json(value: str, path: str, type_name: str) -> Any:
        try:
            return json.loads(value)
        except ValueError:
            raise _Mismatch(path, f"must be JSON-serialized {type_name}, got {_shown(value)}") from None


def _as_integer(value: Any, path: str) -> int:
    if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
        value = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Mismatch(path, f"must be of type Integer, got {_shown(value)}")
    if not _INT64[0] <= value <= _INT64[1]:
        raise _Mismatch(path, f"is out of the 64-bit integer range, got {value}")
    return value


def _as_float(value: Any, path: str) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Mismatch(path, f"must be of type Float, got {_shown(value)}")
    return float(value)


def _as_boolean(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _Mismatch(path, f"must be of type Boolean, got {_shown(value)}")


def _as_string(value: Any, path: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # the real server stringifies JSON numbers given for strings
    raise _Mismatch(path, f"must be of type String, got {_shown(value)}")


def _as_input_file(value: Any, path: str) -> Any:
    if isinstance(value, UploadedFile) or (isinstance(value, str) and value.startswith("attach://")):
        return value
    raise _Mismatch(path, "must be a file uploaded with multipart/form-data")


_PRIMITIVES: dict[str, Callable[[Any, str], Any]] = {
    "Integer": _as_integer,
    "Float": _as_float,
    "Boolean": _as_boolean,
    "String": _as_string,
    "InputFile": _as_input_file,
}


@functools.lru_cache(maxsize=4)
def _load_spec(path: str) -> _Spec:
    """Parsed once per path: the file is 650 kB and tests start many emulators."""
    with open(path, encoding="utf-8") as handle:
        return _Spec(json.load(handle))


def _jsonable(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return value.describe()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Read params the three ways Telegram accepts them."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}
    if kind == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            raise _ApiError(400, "Bad Request: can't parse JSON body") from None
        if not isinstance(data, dict):
            raise _ApiError(400, "Bad Request: the JSON body must be an object")
        return data
    if kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        if not message.is_multipart():
            raise _ApiError(400, "Bad Request: can't parse multipart/form-data body")
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
        raise _ApiError(400, "Bad Request: request body is not valid UTF-8") from None


class _Handler(BaseHTTPRequestHandler):
    """One HTTP connection; every request is answered by the emulator's dispatcher."""

    protocol_version = "HTTP/1.1"  # keep-alive, as httpx's pool expects
    server_version = "BotAPIEmulator"
    timeout = 120  # idle keep-alive connections end eventually even if nobody stops the server
    server: _Server

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
        except _ApiError as exc:
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
            raise _ApiError(400, "Bad Request: invalid Content-Length") from None
        if length > _MAX_BODY:
            raise _ApiError(413, "Request Entity Too Large")
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


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a waiting long poll must never keep the process alive
    block_on_close = False
    emulator: BotAPIEmulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients vanishing mid-request are normal here (cancelled polls); keep stderr clean."""
        logger.debug("emulator: connection from %s failed", client_address, exc_info=True)


# ---------------------------------------------------------------------------------------------
# The emulator
# ---------------------------------------------------------------------------------------------


class EmulatorTimeout(AssertionError, TimeoutError):
    """wait_for_messages gave up; an AssertionError for pytest, a TimeoutError for callers."""


@dataclass
class _Fault:
    method: str  # canonical spec name
    error_code: int
    description: str
    parameters: dict[str, Any] | None
    remaining: int
    chat_id: int | str | None


class BotAPIEmulator:
    """A Bot API server on 127.0.0.1 with inspectable state, for tests and the offline demo.

    State is shared between the server threads and the test thread under one condition
    variable; every accessor returns deep copies, so callers never see a half-made update.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "newsbell_bot",
        spec_path: str | Path | None = None,
        bot_first_name: str = "Newsbell",
    ):
        self.host = host
        self.port = port
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self._spec = _load_spec(str(Path(spec_path) if spec_path else DEFAULT_SPEC_PATH))
        self._cond = threading.Condition(threading.RLock())
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._stopping = False
        self._bot_id = 1  # replaced by the id in the first token seen
        # Updates
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._poll_generation = 0
        self._allowed_updates: list[str] | None = None
        self._callback_ids: set[str] = set()
        self._next_callback_id = 1
        # Chats and messages
        self._chats: dict[int, dict[str, Any]] = {}
        self._usernames: dict[str, int] = {}
        self._message_counter: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._sent: list[dict[str, Any]] = []
        self._calls: list[dict[str, Any]] = []
        self._faults: list[_Fault] = []
        # Bot settings
        self._webhook: dict[str, Any] = {"url": ""}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._profile: dict[tuple[str, str], str] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "close": lambda p: True,
            "logout": lambda p: True,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "deletemessage": self._delete_message,
            "sendchataction": self._send_chat_action,
            "answercallbackquery": self._answer_callback_query,
            "getchat": self._get_chat,
            "setmyname": functools.partial(self._set_profile, "name", 64),
            "getmyname": functools.partial(self._get_profile, "name"),
            "setmydescription": functools.partial(self._set_profile, "description", 512),
            "getmydescription": functools.partial(self._get_profile, "description"),
            "setmyshortdescription": functools.partial(self._set_profile, "short_description", 120),
            "getmyshortdescription": functools.partial(self._get_profile, "short_description"),
        }

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> BotAPIEmulator:
        """Bind and serve in a daemon thread; port=0 picks a free port."""
        if self._server is not None:
            raise RuntimeError("emulator already started")
        self._stopping = False
        server = _Server((self.host, self.port), _Handler)
        server.emulator = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"bot-api-emulator:{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.debug("Bot API emulator (%s) listening on %s", self._spec.version, self.base_url)
        return self

    def stop(self) -> None:
        """Stop promptly: wake long polls, stop accepting, cut keep-alive connections."""
        server, self._server = self._server, None
        if server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        server.shutdown()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> BotAPIEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What to pass to ApplicationBuilder().base_url() / telegram.Bot(base_url=...)."""
        if self._server is None:
            raise RuntimeError("emulator not started")
        return f"http://{self.host}:{self.port}/bot"

    def _track_connection(self, connection: socket.socket, opened: bool) -> None:
        with self._connections_lock:
            if opened:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    # -- request dispatch ----------------------------------------------------------------------

    def _dispatch(
        self, http_method: str, raw_path: str, content_type: str, body: bytes
    ) -> tuple[int, dict[str, Any]]:
        url = urlsplit(raw_path)
        method_name = "?"
        params: dict[str, Any] = {}
        try:
            match = _PATH_RE.fullmatch(url.path)
            if match is None:
                method_name = url.path  # not a Bot API path at all; record what was asked
                raise _ApiError(404, "Not Found")
            token, method_name = unquote(match.group(1)), unquote(match.group(2))
            token_match = _TOKEN_RE.fullmatch(token)
            if token_match is None:
                raise _ApiError(401, "Unauthorized")
            method = self._spec.method(method_name)
            if method is None:
                raise _ApiError(404, "Not Found: method not found")
            method_name = method["name"]
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            if http_method == "POST":
                params.update(_parse_body(content_type, body))
            params = self._spec.validate(method, params)
            with self._cond:
                self._bot_id = int(token_match.group(1))
                fault = self._take_fault(method_name, params)
                if fault is not None:
                    raise _ApiError(fault.error_code, fault.description, fault.parameters)
                handler = self._handlers.get(method_name.lower())
                result = handler(params) if handler is not None else True
                self._record(method_name, params, True, None, None)
            logger.debug("emulator: %s ok", method_name)
            return 200, {"ok": True, "result": result}
        except _ApiError as exc:
            with self._cond:
                self._record(method_name, params, False, exc.error_code, exc.description)
            logger.debug("emulator: %s -> %s %s", method_name, exc.error_code, exc.description)
            payload: dict[str, Any] = {
                "ok": False, "error_code": exc.error_code, "description": exc.description
            }
            if exc.parameters:
                payload["parameters"] = exc.parameters
            return exc.error_code, payload
        except Exception as exc:  # an emulator bug must surface as a failed call, not a hung client
            logger.exception("emulator: %s crashed", method_name)
            with self._cond:
                self._record(method_name, params, False, 500, f"Internal Server Error: {exc!r}")
            return 500, {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc!r}"}

    def _record(
        self, method: str, params: dict[str, Any], ok: bool, code: int | None, description: str | None
    ) -> None:
        self._calls.append(
            {
                "method": method,
                "params": _jsonable(params),
                "ok": ok,
                "error_code": code,
                "description": description,
                "time": time.time(),
            }
        )
        self._cond.notify_all()

    def _take_fault(self, method: str, params: dict[str, Any]) -> _Fault | None:
        for fault in self._faults:
            if fault.method != method:
                continue
            if fault.chat_id is not None and not self._same_chat(fault.chat_id, params.get("chat_id")):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        return None

    def _same_chat(self, wanted: int | str, given: Any) -> bool:
        if given is None:
            return False
        ids = []
        for value in (wanted, given):
            if isinstance(value, str) and value.startswith("@"):
                ids.append(self._usernames.get(value[1:].lower(), value.lower()))
            else:
                ids.append(value)
        return ids[0] == ids[1]

    # -- chats and messages (callers hold self._cond) --------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self._bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def add_chat(
        self,
        chat_id: int,
        type: str = "private",  # noqa: A002 - the Bot API's field name
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """Register a chat so getChat/sendMessage (also by @username) see its real type and names."""
        chat: dict[str, Any] = {"id": chat_id, "type": type}
        if type == "private":
            chat["first_name"] = first_name or "User"
        else:
            chat["title"] = title or f"Chat {chat_id}"
        if username:
            chat["username"] = username.lstrip("@")
        with self._cond:
            self._chats[chat_id] = chat
            if username:
                self._usernames[username.lstrip("@").lower()] = chat_id
        return copy.deepcopy(chat)

    def _resolve_chat(self, chat_id: Any) -> dict[str, Any]:
        """Unknown numeric ids are accepted (type guessed from the sign, as Telegram's id ranges);
        an unknown @username becomes a channel, the usual target of a news bot."""
        if isinstance(chat_id, int):
            chat = self._chats.get(chat_id)
            if chat is None:
                if chat_id > 0:
                    chat = {"id": chat_id, "type": "private", "first_name": "User"}
                elif str(chat_id).startswith("-100"):
                    chat = {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}
                else:
                    chat = {"id": chat_id, "type": "group", "title": f"Chat {chat_id}"}
                self._chats[chat_id] = chat
            return chat
        text = str(chat_id).strip()
        if not text:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if not text.startswith("@") or len(text) < 2:
            raise _ApiError(400, "Bad Request: chat not found")
        key = text[1:].lower()
        if key not in self._usernames:
            new_id = -(10**12) - zlib.crc32(key.encode()) % 10**9
            self._chats[new_id] = {"id": new_id, "type": "channel", "title": text[1:], "username": text[1:]}
            self._usernames[key] = new_id
        return self._chats[self._usernames[key]]

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any] | None, text: str,
                     entities: list[dict[str, Any]]) -> dict[str, Any]:
        """Message ids count per chat, shared by both sides, as in private chats and groups."""
        chat_id = chat["id"]
        self._message_counter[chat_id] = self._message_counter.get(chat_id, 0) + 1
        message: dict[str, Any] = {
            "message_id": self._message_counter[chat_id],
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
        }
        if chat["type"] == "channel":
            message["sender_chat"] = copy.deepcopy(chat)
        elif sender is not None:
            message["from"] = copy.deepcopy(sender)
        message["text"] = text
        if entities:
            message["entities"] = copy.deepcopy(entities)
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _check_text(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        try:
            return check_message_text(params["text"], params.get("parse_mode"), params.get("entities"))
        except ValueError as exc:
            raise _ApiError(400, f"Bad Request: {exc}") from None

    # -- method implementations (called with self._cond held) ----------------------------------

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: a newer getUpdates ends an older one with 409, as on Telegram."""
        if self._webhook["url"]:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset", 0)
        limit = params.get("limit") or 100
        limit = max(1, min(100, limit))
        timeout = min(max(0.0, float(params.get("timeout", 0))), _MAX_LONG_POLL)
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            if self._stopping:
                return []
            if generation != self._poll_generation:
                raise _ApiError(
                    409, "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running"
                )
            if self._updates:
                return copy.deepcopy(self._updates[:limit])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._cond.wait(remaining)

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params["url"].strip()
        if url and not url.lower().startswith("https://"):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        kept = {k: v for k, v in params.items() if k in ("max_connections", "allowed_updates")}
        self._webhook = {"url": url, **kept}
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        self._poll_generation += 1  # a webhook ends any running long poll
        self._cond.notify_all()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": ""}
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**copy.deepcopy(self._webhook), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    def _scope_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = dict(params.get("scope") or {"type": "default"})
        if "chat_id" in scope:
            scope["chat_id"] = self._resolve_chat(scope["chat_id"])["id"]
        return json.dumps(scope, sort_keys=True), params.get("language_code", "")

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise _ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND_RE.fullmatch(command["command"]):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"].strip()) <= 256:
                raise _ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._scope_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _set_profile(self, field: str, max_length: int, params: dict[str, Any]) -> bool:
        value = params.get(field, "")
        if len(value) > max_length:
            raise _ApiError(400, f'Bad Request: parameter "{field}" must be at most {max_length} characters')
        self._profile[(field, params.get("language_code", ""))] = value
        return True

    def _get_profile(self, field: str, params: dict[str, Any]) -> dict[str, str]:
        language = params.get("language_code", "")
        value = self._profile.get((field, language), self._profile.get((field, ""), ""))
        if field == "name" and not value:
            value = self.bot_first_name  # the name is the bot's first name until set
        return {field: value}

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params["chat_id"])
        plain, entities = self._check_text(params)
        message = self._new_message(chat, self._bot_user(), plain, entities)
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = copy.deepcopy(markup)  # only inline keyboards appear on Messages
        self._sent.append(
            {
                "chat_id": chat["id"],
                "text": params["text"],
                "parse_mode": params.get("parse_mode"),
                "plain_text": plain,
                "entities": copy.deepcopy(entities),
                "message_id": message["message_id"],
                "date": message["date"],
                "params": _jsonable(params),
                "edits": [],
                "deleted": False,
            }
        )
        return copy.deepcopy(message)

    def _sent_record(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        for record in self._sent:
            if record["chat_id"] == chat_id and record["message_id"] == message_id:
                return record
        return None

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            self._check_text(params)
            return True  # inline messages live outside any chat we know
        if "chat_id" not in params:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if "message_id" not in params:
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        chat = self._resolve_chat(params["chat_id"])
        message = self._messages.get((chat["id"], params["message_id"]))
        if message is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != self._bot_id and chat["type"] != "channel":
            raise _ApiError(400, "Bad Request: message can't be edited")
        plain, entities = self._check_text(params)
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        current = (message["text"], message.get("entities"), message.get("reply_markup"))
        if (plain, entities or None, markup) == current:
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        message["text"] = plain
        message.pop("entities", None)
        message.pop("reply_markup", None)
        if entities:
            message["entities"] = copy.deepcopy(entities)
        if markup:
            message["reply_markup"] = copy.deepcopy(markup)
        message["edit_date"] = int(time.time())
        record = self._sent_record(chat["id"], params["message_id"])
        if record is not None:
            record["edits"].append(
                {"text": params["text"], "parse_mode": params.get("parse_mode"), "plain_text": plain}
            )
        return copy.deepcopy(message)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params["chat_id"])
        if self._messages.pop((chat["id"], params["message_id"]), None) is None:
            raise _ApiError(400, "Bad Request: message to delete not found")
        record = self._sent_record(chat["id"], params["message_id"])
        if record is not None:
            record["deleted"] = True
        return True

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._resolve_chat(params["chat_id"])
        if params["action"] not in _CHAT_ACTIONS:
            raise _ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        """Each query can be answered once, and only if it was really delivered."""
        if params["callback_query_id"] not in self._callback_ids:
            raise _ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self._callback_ids.discard(params["callback_query_id"])
        return True

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = copy.deepcopy(self._resolve_chat(params["chat_id"]))
        chat.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        )
        return chat

    # -- injecting updates ---------------------------------------------------------------------

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Telegram never creates updates of types the bot did not ask for; neither do we."""
        update = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        allowed = self._allowed_updates
        if (kind not in allowed) if allowed else (kind in _OPT_IN_UPDATES):
            logger.debug("emulator: dropping %s update, allowed_updates=%s", kind, allowed)
        else:
            self._updates.append(update)
            self._cond.notify_all()
        return copy.deepcopy(update)

    def inject_message(
        self,
        text: str,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "User",
        username: str | None = None,
    ) -> dict[str, Any]:
        """Queue an Update as if the user wrote ``text``; a leading /command gets its bot_command
        entity, because CommandHandler only matches messages that carry one at offset 0."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        chat_id = user_id if chat_id is None else chat_id
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None or chat["type"] != chat_type:
                chat = {"id": chat_id, "type": chat_type}
                if chat_type == "private":
                    chat["first_name"] = first_name
                    if username:
                        chat["username"] = username
                else:
                    chat["title"] = f"Chat {chat_id}"
                self._chats[chat_id] = chat
            entities = []
            command = _BOT_COMMAND_PREFIX_RE.match(text)
            if command:
                entities.append({"type": "bot_command", "offset": 0, "length": utf16_length(command.group())})
            message = self._new_message(chat, user, text, entities)
            kind = "channel_post" if chat_type == "channel" else "message"
            return self._queue_update(kind, copy.deepcopy(message))

    def inject_callback_query(
        self, user_id: int, data: str, message_id: int, chat_id: int | None = None,
        first_name: str = "User", username: str | None = None,
    ) -> dict[str, Any]:
        """Queue a button press on message ``message_id`` (one the bot sent, if it exists)."""
        chat_id = user_id if chat_id is None else chat_id
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                chat = self._resolve_chat(chat_id)
                message = {"message_id": message_id, "date": int(time.time()), "chat": copy.deepcopy(chat),
                           "from": self._bot_user(), "text": ""}
            query_id = f"{self._bot_id}{self._next_callback_id:08d}"
            self._next_callback_id += 1
            self._callback_ids.add(query_id)
            query = {
                "id": query_id,
                "from": user,
                "chat_instance": str(zlib.crc32(str(chat_id).encode())),
                "data": data,
                "message": copy.deepcopy(message),
            }
            return self._queue_update("callback_query", query)

    # -- inspection ----------------------------------------------------------------------------

    def _chat_filter(self, chat_id: int | str | None) -> Callable[[dict[str, Any]], bool]:
        if chat_id is None:
            return lambda record: True
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            resolved = self._usernames.get(chat_id[1:].lower())
            return lambda record: record["chat_id"] == resolved
        return lambda record: record["chat_id"] == chat_id

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Successful sendMessage calls in order: chat_id, text (raw), parse_mode, plain_text,
        entities, message_id, date, params, edits (later editMessageText), deleted."""
        with self._cond:
            wanted = self._chat_filter(chat_id)
            return copy.deepcopy([r for r in self._sent if wanted(r)])

    def wait_for_messages(
        self, chat_id: int | str, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Block until ``chat_id`` has at least ``count`` sent messages; return them.

        Blocking: from a coroutine on the bot's event loop use ``await_messages`` instead, or
        the bot could never send what is awaited.
        """
        with self._cond:
            wanted = self._chat_filter(chat_id)
            if self._cond.wait_for(lambda: sum(map(wanted, self._sent)) >= count or self._stopping, timeout):
                found = [r for r in self._sent if wanted(r)]
                if len(found) >= count:
                    return copy.deepcopy(found)
            found = [r for r in self._sent if wanted(r)]
            failures = [c for c in self._calls if not c["ok"]][-5:]
            lines = [f"expected {count} message(s) to chat {chat_id} within {timeout}s, got {len(found)}:"]
            lines += [f"  #{r['message_id']}: {r['text']!r}" for r in found]
            others = sorted({r["chat_id"] for r in self._sent} - {r["chat_id"] for r in found})
            if others:
                lines.append(f"messages went to other chats: {others}")
            lines += [f"failed call: {c['method']} {c['error_code']} {c['description']}" for c in failures]
            if self._stopping:
                lines.append("(the emulator was stopped)")
            raise EmulatorTimeout("\n".join(lines))

    async def await_messages(
        self, chat_id: int | str, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """wait_for_messages without blocking the event loop the bot runs on."""
        return await asyncio.to_thread(self.wait_for_messages, chat_id, count, timeout)

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Every request received, failed ones included: method, params, ok, error_code, description."""
        with self._cond:
            wanted = None if method is None else method.lower()
            return copy.deepcopy([c for c in self._calls if wanted is None or c["method"].lower() == wanted])

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """The last setMyCommands list for a scope (default scope unless given)."""
        with self._cond:
            key = self._scope_key({"scope": scope, "language_code": language_code})
            return copy.deepcopy(self._commands.get(key, []))

    def profile(self, language_code: str = "") -> dict[str, str]:
        """What setMyName / setMyDescription / setMyShortDescription stored."""
        with self._cond:
            return {
                field: self._profile.get((field, language_code), "")
                for field in ("name", "description", "short_description")
            }

    def webhook(self) -> dict[str, Any]:
        with self._cond:
            return copy.deepcopy(self._webhook)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def clear(self) -> None:
        """Forget sent messages and calls; chats, updates, commands and faults are kept."""
        with self._cond:
            self._sent.clear()
            self._calls.clear()

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Make the next ``times`` valid calls of ``method`` (to ``chat_id``, if given) fail with
        this envelope, e.g. 429 + {"retry_after": 1}, 403 blocked, 400 + migrate_to_chat_id.
        Invalid calls still get their own 400 and do not use the fault up."""
        spec_method = self._spec.method(method)
        if spec_method is None:
            raise ValueError(f"{method!r} is not a Bot API method")
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._cond:
            fault = _Fault(
                spec_method["name"], error_code, description, copy.deepcopy(parameters), times, chat_id
            )
            self._faults.append(fault)
