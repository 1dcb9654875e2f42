"""Telegram's HTML dialect and its length rules, as TDLib applies them to sendMessage.

Pure functions, usable without a server (tests of the formatter call them directly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_LENGTH = 4096  # sendMessage.text, UTF-16 code units after entity parsing

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
