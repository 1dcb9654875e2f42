"""Feed bytes to typed records. The one place that touches feedparser's dicts."""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from bot.core.text import collapse_space, html_to_text
from bot.errors import ParseError
from bot.types import EntryData, FeedData

MAX_ENTRIES = 1000

# An entity declaration is how billion-laughs and XXE payloads start; no real feed needs one.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def parse_feed(
    body: bytes,
    headers: dict[str, str] | None = None,
    url: str = "",
    now: datetime | None = None,
    max_entries: int = MAX_ENTRIES,
) -> FeedData:
    """Parse a downloaded feed document. Raises ``ParseError`` when the bytes are not a feed."""
    if _ENTITY_DECL.search(body):  # the whole body: a long comment must not hide a DOCTYPE
        raise ParseError("feed declares XML entities in its DOCTYPE (refused: entity bombs and XXE start this way)")
    body, headers = fix_mislabelled_utf8(body, headers or {})
    # No Content-Location for feedparser: with a base it runs urljoin on every attribute it sees
    # (a third of the parse). Entry links are made absolute below, once each.
    response_headers = {k.lower(): v for k, v in headers.items() if k.lower() != "content-location"}
    try:
        parsed = feedparser.parse(body, response_headers=response_headers, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser should not raise, but a parser bug must not take the poller down
        raise ParseError(f"feed could not be parsed: {exc.__class__.__name__}: {exc}") from exc
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        raise ParseError(f"not an RSS/Atom/RDF feed{detail}")
    base = url or {k.lower(): v for k, v in headers.items()}.get("content-location", "")
    entries: list[EntryData] = []
    seen_ids: dict[str, int] = {}
    raw_entries = list(parsed.entries)
    if len(raw_entries) > max_entries:
        # Keep the newest, not the first: some feeds list oldest first, and their news is at the end.
        raw_entries.sort(key=_sort_key, reverse=True)
    # <language> (RSS), xml:lang on the feed (Atom) or Content-Language: what the feed says it is written in.
    feed_language = str(parsed.feed.get("language") or "")
    for raw in raw_entries[:max_entries]:
        entry = _entry(raw, base, now, feed_language)
        if entry is None:
            continue
        # Some feeds reuse one guid for several items; keep them apart instead of dropping all but one.
        count = seen_ids.get(entry.entry_id, 0)
        seen_ids[entry.entry_id] = count + 1
        if count:
            entry = EntryData(
                entry_id=f"{entry.entry_id}#{_digest(entry.title + entry.link)}",
                title=entry.title,
                link=entry.link,
                content_html=entry.content_html,
                published=entry.published,
                language=entry.language,
            )
        entries.append(entry)
    ttl = parsed.feed.get("ttl")
    try:
        ttl_minutes = int(ttl) if ttl is not None else None
    except (TypeError, ValueError):
        ttl_minutes = None
    return FeedData(title=collapse_space(html_to_text(parsed.feed.get("title", ""))), entries=tuple(entries),
                    ttl_minutes=ttl_minutes, language=feed_language)


_SINGLE_BYTE = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "iso-8859-15", "windows-1252", "cp1252", "us-ascii", "ascii"}
_XML_DECL = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9._-]+)([\"'])", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)


def decode_html(body: bytes, headers: dict[str, str]) -> str:
    """An HTML page's text: the declared charset, else UTF-8; undecodable bytes replaced, never fatal."""
    match = _CHARSET.search({k.lower(): v for k, v in headers.items()}.get("content-type", ""))
    charset = match.group(1) if match else "utf-8"
    try:
        return body.decode(charset, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def fix_mislabelled_utf8(body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """Relabel a feed declared Latin-1/Windows-1252 whose bytes are in fact valid UTF-8.

    Italian feeds often declare ISO-8859-1 and send UTF-8; read as declared, "è" becomes "Ã¨".
    Valid UTF-8 with non-ASCII bytes is almost never valid-looking Latin-1 text, so the bytes win.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    header_match = _CHARSET.search(lower.get("content-type", ""))
    decl_match = _XML_DECL.match(body[:512])
    declared = {m.group(1).lower() for m in (header_match,) if m}
    if decl_match:
        declared.add(decl_match.group(2).decode("ascii", "replace").lower())
    if body.isascii():
        return body, headers
    if not declared or declared <= {"utf-8", "utf8"}:
        # Declared (or defaulting to) UTF-8 but with broken bytes: keep the valid text and mark the
        # damage with U+FFFD, instead of letting the parser reread the whole feed as Windows-1252.
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            if not body.startswith((b"\xff\xfe", b"\xfe\xff")):
                body = body.decode("utf-8", "replace").encode("utf-8")
        return body, headers
    if not declared <= _SINGLE_BYTE:
        return body, headers
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body, headers
    if decl_match:
        body = _XML_DECL.sub(lambda m: m.group(1) + b"utf-8" + m.group(3), body, count=1)
    fixed = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    content_type = lower.get("content-type", "application/xml").split(";")[0].strip() or "application/xml"
    fixed["content-type"] = f"{content_type}; charset=utf-8"
    return body, fixed


def _entry(raw, base: str, now: datetime | None, feed_language: str = "") -> EntryData | None:
    title = collapse_space(html_to_text(raw.get("title", "") or ""))
    link = raw.get("link", "") or ""
    if link:
        link = urljoin(base, link.strip()) if base else link.strip()
        if urlsplit(link).scheme not in ("http", "https"):
            link = ""  # javascript:, data: and friends are never shown to users
    content = ""
    contents = raw.get("content") or []
    if contents:
        content = max((c.get("value", "") or "" for c in contents), key=len)
    if not content.strip():
        content = raw.get("summary", "") or raw.get("description", "") or ""
    published = _date(raw, now)
    if not title and not content.strip() and not link:
        return None
    guid = (raw.get("id") or "").strip()
    if guid:
        entry_id = guid
    elif link:
        entry_id = canonical_url(link)
    else:
        # The date as the feed wrote it: the parsed one is clamped to "now" when in the future,
        # and an id that changed every poll would make the entry news every poll.
        raw_date = raw.get("published") or raw.get("updated") or raw.get("created") or ""
        entry_id = "hash:" + _digest(f"{title}\n{raw_date}\n{content[:300]}")
    return EntryData(entry_id=entry_id, title=title, link=link, content_html=content, published=published,
                     language=_entry_language(raw, contents) or feed_language)


def _entry_language(raw, contents) -> str:
    """An entry's own xml:lang (on its content, summary or title), which overrides the feed's."""
    for detail in (*contents, raw.get("summary_detail") or {}, raw.get("title_detail") or {}):
        language = detail.get("language") if hasattr(detail, "get") else None
        if language:
            return str(language)
    return ""


def _sort_key(raw) -> tuple:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value:
            return tuple(value)[:6]
    return ()  # undated entries sort last when newest-first


def _date(raw, now: datetime | None) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value:
            try:
                dt = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
            if now is not None and dt > now:
                return now  # a date in the future is a publisher's clock or timezone error
            return dt
    return None


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|mc_cid|mc_eid|igshid)$", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """The form of a URL used to recognise the same article: host lower-cased, tracking and fragment dropped."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    netloc = parts.netloc.lower()
    for default in (":80", ":443"):
        if netloc.endswith(default):
            netloc = netloc[: -len(default)]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
