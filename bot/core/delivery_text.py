"""The words of the delivery rhythm: parsing the commands' arguments, and bundles as Telegram HTML.

Parsers raise ``SettingError`` with a short machine code (see ``SETTING_ERROR_CODES``); the handler
turns it into a translated reply, so no user-facing text lives here. ``bot.core.delivery`` re-exports
everything public; import it from there.

Bundles ("storm", "digest", "resume") list items newest first: after a storm or a pause the freshest
news matters most, and when a resume summary is capped the cap keeps the freshest. Only "resume" is
capped (a digest or a storm is what the user chose to receive, so it loses nothing); long bundles are
split into several messages between items, never inside an item or a tag.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram.constants import MessageLimit

from bot.types import Pending


# code -> what ``details`` holds and when it is raised; the handler maps each code to a catalogue message.
SETTING_ERROR_CODES = {
    "bad_time": "value: not a time of day written H:MM, HH:MM, H.MM or HHMM between 00:00 and 23:59",
    "bad_quiet": "value: quiet hours not written START-END (22:00-07:00) nor 'off'",
    "quiet_same": "start, end: quiet hours that start when they end would be empty",
    "missing_digest": "(none): /digest without arguments",
    "bad_digest": "value: not 'off', 'hourly', 'daily' or 'daily HH:MM' (also: arguments left over)",
    "bad_timezone": "value, suggestion: not an IANA zone; suggestion is the closest known zone or None",
}

LIMIT = MessageLimit.MAX_TEXT_LENGTH
HEADLINE_CHARS = 300  # a bundle lists many items; a pathological headline must not crowd out the rest
SOURCE_CHARS = 100
HREF_CHARS = 1500  # escaped, in UTF-16 units; longer links are dropped so an item always fits in one message
TIME_PATTERN = re.compile(r"(\d{1,2})[:.](\d{2})|(\d{2})(\d{2})")
QUIET_SEPARATOR = re.compile(r"\s*[-–—]\s*|\s+")
# Zones that exist in the database but are not places a user lives in.
NOT_PLACES = {"factory", "localtime", "posixrules"}
REGIONS = {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
           "Pacific"}


class SettingError(ValueError):
    """A command argument the bot cannot use: ``code`` names the problem, ``details`` fill the reply."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code, details)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        return f"{self.code} {self.details}" if self.details else self.code


def parse_hhmm(text: str) -> str:
    """A time of day as "HH:MM": accepts H:MM, HH:MM, H.MM and HHMM."""
    match = TIME_PATTERN.fullmatch(text.strip())
    if match:
        hours, minutes = (int(g) for g in (match.groups()[:2] if match.group(1) else match.groups()[2:]))
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}"
    raise SettingError("bad_time", value=text)


def parse_quiet(text: str) -> tuple[str, str] | None:
    """Quiet hours "22:00-07:00" -> ("22:00", "07:00"); "off" -> None. A dash or a space separates them."""
    cleaned = text.strip()
    if cleaned.lower() == "off":
        return None
    parts = QUIET_SEPARATOR.split(cleaned)
    if len(parts) != 2 or not all(parts):
        raise SettingError("bad_quiet", value=text)
    start, end = parse_hhmm(parts[0]), parse_hhmm(parts[1])
    if start == end:
        raise SettingError("quiet_same", start=start, end=end)
    return start, end


def parse_digest(args: Sequence[str]) -> tuple[str, str | None]:
    """/digest arguments -> (mode, daily time): off | hourly | daily [HH:MM] (08:00 by default) | HH:MM."""
    if not args:
        raise SettingError("missing_digest")
    mode = args[0].strip().lower()
    if mode in ("off", "hourly") and len(args) == 1:
        return mode, None
    if mode == "daily" and len(args) <= 2:
        return "daily", parse_hhmm(args[1]) if len(args) == 2 else "08:00"
    if len(args) == 1 and TIME_PATTERN.fullmatch(mode):  # "/digest 7:30" can only mean a daily digest
        return "daily", parse_hhmm(mode)
    raise SettingError("bad_digest", value=" ".join(args))


def parse_timezone(text: str) -> str:
    """An IANA zone name in its canonical spelling, matched without regard to case ("europe/rome")."""
    query = "_".join(text.strip().split()).lower()  # "America/New York" is how people type it
    zones, _ = _zone_index()
    if query in zones:
        return zones[query]
    raise SettingError("bad_timezone", value=text, suggestion=_suggest(query) if query else None)


@functools.cache
def _zone_index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Lower-case name -> zone, and lower-case city (last part) -> zones, places first."""
    names = sorted(z for z in zoneinfo.available_timezones() | {"UTC"}
                   if z.lower() not in NOT_PLACES and not z.startswith(("posix/", "right/")))
    names.sort(key=lambda z: z.split("/")[0] not in REGIONS)  # Europe/Rome before the legacy Italy
    cities: dict[str, list[str]] = {}
    for name in names:
        cities.setdefault(name.rsplit("/", 1)[-1].lower(), []).append(name)
    return {name.lower(): name for name in names}, cities


def _suggest(query: str) -> str | None:
    zones, cities = _zone_index()
    city = query.rsplit("/", 1)[-1]
    if city in cities:
        return cities[city][0]
    close = difflib.get_close_matches(query, zones, n=1, cutoff=0.6)
    if close:
        return zones[close[0]]
    close = difflib.get_close_matches(city, cities, n=1, cutoff=0.75)
    return cities[close[0]][0] if close else None


# --- bundles -----------------------------------------------------------------------------------------

def format_bundle(kind: str, items: Sequence[Pending], tr, tz: str = "UTC", cap: int = 30) -> list[str]:
    """A "storm", "digest" or "resume" bundle as Telegram HTML messages, each under the length limit.

    Items newest first, each its headline linked to the article, then " — source"; digests and resume
    summaries put the local time of each item in front (with the date when they span several days).
    A resume summary lists at most ``cap`` items and ends with "…and K more."
    """
    count = len(items)
    if kind == "storm":
        header = tr.ngettext("{n} new article", "{n} new articles", count)
    elif kind == "digest":
        header = tr.ngettext("Your digest: {n} article", "Your digest: {n} articles", count)
    elif kind == "resume":
        header = tr.ngettext("While you were paused: {n} article", "While you were paused: {n} articles", count)
    else:
        raise ValueError(f"not a bundle kind: {kind!r}")
    ordered = sorted(items, key=lambda p: (p.created_at, p.delivery_id), reverse=True)
    shown = ordered[:max(cap, 0)] if kind == "resume" else ordered
    lines = [f"<b>{_esc(header.format(n=count))}</b>"]
    stamp = _stamper(shown, tz) if kind != "storm" else None
    lines += [_item(p, stamp, tr) for p in shown]
    if len(shown) < count:
        more = count - len(shown)
        lines.append(_esc(tr.ngettext("…and {n} more.", "…and {n} more.", more).format(n=more)))
    return _pack(lines)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())  # a newline inside a feed's title would break the list apart
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _stamper(items: Sequence[Pending], tz: str):
    zone = ZoneInfo(tz)
    days = {p.created_at.astimezone(zone).date() for p in items}
    pattern = "%H:%M" if len(days) <= 1 else "%Y-%m-%d %H:%M"  # ISO dates read the same in every language

    def stamp(when: datetime) -> str:
        return when.astimezone(zone).strftime(pattern) + " · "

    return stamp


def _item(item: Pending, stamp, tr) -> str:
    headline = _esc(_clip(item.headline, HEADLINE_CHARS)) or _esc(tr.gettext("(untitled)"))
    href = html.escape(item.link.strip(), quote=True)
    # Only web links: Telegram refuses other schemes, and a refused message would take the whole bundle.
    if re.match(r"https?://", href, re.IGNORECASE) and _units(href) <= HREF_CHARS:
        headline = f'<a href="{href}">{headline}</a>'
    line = f"{headline} — {_esc(_clip(item.source, SOURCE_CHARS))}"
    return stamp(item.created_at) + line if stamp else line


def _units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units): an emoji counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _pack(lines: list[str]) -> list[str]:
    """Whole lines into as few messages as fit; a line never exceeds the limit by construction."""
    messages: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if current and _units(candidate) > LIMIT:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages
