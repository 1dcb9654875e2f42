"""When a chat's alerts go out: a pure decision from its settings, its queue and ``now``.

Does not touch the clock, the database or Telegram: the sender passes the chat's stored state in,
sends what the returned ``Plan`` says, records it, and calls again (one ``Outgoing`` per call).
Every time is an aware UTC ``datetime``; local times are wall-clock ``HH:MM`` in the chat's IANA zone.

Rules of ``plan_chat``, first match wins:

1. Paused: nothing is sent and there is nothing to wake for (``wake_at`` None); the queue keeps growing.
2. Empty queue: nothing to send, nothing to wake for; a new alert triggers the next call.
3. Resume: when ``resumed_at`` is set and some queued items were created before it, ALL of those go
   out as one "resume" summary, now, ignoring digest and quiet hours (the user has just typed /resume).
   Items queued after ``resumed_at`` are not part of it and flow by the rules below on the next call.
4. Digest ("hourly" / "daily"): everything is held for the digest. The digest is due at the first
   scheduled time (see ``next_digest_at``) after both the previous digest and the oldest queued item,
   so an item queued after today's slot waits for the next slot instead of leaving at once. When due:
   one "digest" with all queued items, ``wake_at`` the following slot. Not yet due: nothing, ``wake_at``
   the due time. Quiet hours do not hold a digest (the user chose its time); in "silent" mode a digest
   inside quiet hours is sent with ``silent=True``.
5. Quiet hours, "hold" mode: nothing is sent until the window ends; ``wake_at`` is that end.
   Quiet hours, "silent" mode: alerts go out as below with ``silent=True`` (no notification sound).
6. Storm: when the queue plus the single alerts sent within ``storm.window`` exceed ``storm.threshold``
   and at least two are queued, one "storm" bundle carries the whole queue. Exactly ``threshold`` does
   not coalesce. A lone queued item always goes out as an alert (a bundle of one helps nobody).
7. Otherwise the oldest queued item goes out as a single "alert"; the sender calls again for the rest.

Schedules, DST-correct through ``zoneinfo``:

- Daily digest at ``digest_time`` local, once per local day. A local time that does not exist (spring
  forward) moves to the first valid instant after it (the transition itself); an ambiguous one (fall
  back) uses its first occurrence only, so the repeated hour does not fire twice.
- Hourly digest at the top of every local hour that exists; in a repeated hour both tops are real,
  an hour apart, and both fire.
- Quiet hours ``start``-``end`` compare local wall-clock times; ``start > end`` spans midnight; the
  window contains ``start`` and not ``end``. An end that does not exist that day moves to the transition.

Parsing of /digest, /quiet and /timezone arguments (``SettingError`` codes in ``SETTING_ERROR_CODES``)
and bundle formatting live in ``bot.core.delivery_text`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.delivery_text import (  # re-exported: the handlers and sender import everything from here
    SETTING_ERROR_CODES,
    SettingError,
    format_bundle,
    parse_digest,
    parse_hhmm,
    parse_quiet,
    parse_timezone,
)
from bot.types import Pending  # noqa: F401  (re-exported: the sender builds them from here)

__all__ = [
    "ChatPrefs", "Pending", "Outgoing", "Plan", "StormPolicy", "plan_chat", "next_digest_at",
    "in_quiet_hours", "quiet_ends_at", "SettingError", "SETTING_ERROR_CODES", "parse_hhmm", "parse_quiet",
    "parse_digest", "parse_timezone", "format_bundle",
]

DIGEST_PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


@dataclass(frozen=True)
class ChatPrefs:
    timezone: str = "UTC"  # IANA name, already validated
    digest: str = "off"  # "off" | "hourly" | "daily"
    digest_time: str = "08:00"  # "HH:MM" local time, daily digests
    quiet_start: str | None = None  # "HH:MM" local; None/None = no quiet hours; start > end spans midnight
    quiet_end: str | None = None
    quiet_mode: str = "hold"  # "hold": alerts wait for the end | "silent": sent with disable_notification
    paused: bool = False
    last_digest_at: datetime | None = None  # UTC, when the previous digest went out (None: never)
    resumed_at: datetime | None = None  # set by /resume: items queued before it form one "resume" summary


@dataclass(frozen=True)
class Outgoing:
    """One thing to send now."""

    kind: str  # "alert" (a single alert, formatted elsewhere) | "storm" | "digest" | "resume"
    delivery_ids: tuple[int, ...]
    silent: bool = False


@dataclass(frozen=True)
class Plan:
    send: tuple[Outgoing, ...]  # in order; at most one per call (the sender calls again)
    wake_at: datetime | None  # when to look again though nothing new arrives; None: only on new alerts


@dataclass(frozen=True)
class StormPolicy:
    threshold: int = 5  # more than this many alerts within `window` -> one bundle
    window: timedelta = timedelta(minutes=2)


def plan_chat(prefs: ChatPrefs, pending: Sequence[Pending], recent_alerts: int, now: datetime,
              storm: StormPolicy = StormPolicy()) -> Plan:
    """What to send to one chat now, and when to look again. The rules are in the module docstring."""
    if prefs.paused or not pending:
        return Plan((), None)
    queue = sorted(pending, key=lambda p: (p.created_at, p.delivery_id))
    if prefs.resumed_at is not None:
        before = tuple(p.delivery_id for p in queue if p.created_at < prefs.resumed_at)
        if before:
            return Plan((Outgoing("resume", before),), None)
    quiet = in_quiet_hours(prefs, now)
    silent = quiet and prefs.quiet_mode == "silent"
    if prefs.digest in DIGEST_PERIODS:
        previous = prefs.last_digest_at or now - DIGEST_PERIODS[prefs.digest]
        due = _next_slot(prefs, max(previous, queue[0].created_at))
        if due > now:
            return Plan((), due)
        digest = Outgoing("digest", tuple(p.delivery_id for p in queue), silent=silent)
        return Plan((digest,), _next_slot(prefs, now))
    if quiet and prefs.quiet_mode != "silent":
        return Plan((), quiet_ends_at(prefs, now))
    if len(queue) >= 2 and len(queue) + recent_alerts > storm.threshold:
        return Plan((Outgoing("storm", tuple(p.delivery_id for p in queue), silent=silent),), None)
    return Plan((Outgoing("alert", (queue[0].delivery_id,), silent=silent),), None)


def next_digest_at(prefs: ChatPrefs, now: datetime) -> datetime | None:
    """The UTC time the next digest is due: at or before ``now`` means due now. None without digests.

    Daily: the first local ``digest_time`` strictly after ``last_digest_at``; never sent, the first after
    ``now`` minus a day, so a digest not sent yet is due as soon as its time has passed.
    Hourly: the first top of a local hour after ``last_digest_at`` (never sent: after ``now`` minus an hour).
    """
    if prefs.digest not in DIGEST_PERIODS:
        return None
    return _next_slot(prefs, prefs.last_digest_at or now - DIGEST_PERIODS[prefs.digest])


def in_quiet_hours(prefs: ChatPrefs, now: datetime) -> bool:
    """Whether ``now`` falls inside the chat's quiet window (local wall clock, ``start`` included)."""
    window = _quiet_window(prefs)
    if window is None:
        return False
    start, end = window
    wall = now.astimezone(ZoneInfo(prefs.timezone)).time().replace(tzinfo=None)
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def quiet_ends_at(prefs: ChatPrefs, now: datetime) -> datetime | None:
    """The UTC end of the quiet window ``now`` is in; None outside quiet hours."""
    if not in_quiet_hours(prefs, now):
        return None
    _, end = _quiet_window(prefs)  # type: ignore[misc]  # in_quiet_hours has checked it exists
    zone = ZoneInfo(prefs.timezone)
    today = now.astimezone(zone).date()
    for day in (today, today + timedelta(days=1), today + timedelta(days=2)):
        for instant in _instants(day, end, zone, ambiguous="both"):
            if instant > now:
                return instant
    raise AssertionError("a quiet window always ends within two days")  # pragma: no cover


# --- local time arithmetic -------------------------------------------------------------------------

def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _quiet_window(prefs: ChatPrefs) -> tuple[time, time] | None:
    if not prefs.quiet_start or not prefs.quiet_end:
        return None
    start, end = _hhmm(prefs.quiet_start), _hhmm(prefs.quiet_end)
    return None if start == end else (start, end)


def _instants(day: date, wall: time, zone: ZoneInfo, ambiguous: str) -> list[datetime]:
    """The UTC instants a local wall time names on ``day``.

    Nonexistent (spring forward): the transition, the first valid instant after it. Ambiguous (fall back):
    the first occurrence, or both when ``ambiguous == "both"``.
    """
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) != naive:
        return [_transition(second, first, zone)]
    if second != first and ambiguous == "both":
        return [first, second]
    return [first]


def _transition(before: datetime, after: datetime, zone: ZoneInfo) -> datetime:
    """The instant in (before, after] where the zone's offset changes: bisection to the second.

    In a gap, fold=1 reads the wall time with the new offset (an instant before the jump) and fold=0 with
    the old one (after it), so the jump lies between them.
    """
    old = before.astimezone(zone).utcoffset()
    low, high = 0, int((after - before).total_seconds())
    while high - low > 1:
        middle = (low + high) // 2
        if (before + timedelta(seconds=middle)).astimezone(zone).utcoffset() == old:
            low = middle
        else:
            high = middle
    return before + timedelta(seconds=high)


def _next_slot(prefs: ChatPrefs, after: datetime) -> datetime:
    """The first digest time strictly after ``after`` (UTC)."""
    zone = ZoneInfo(prefs.timezone)
    local = after.astimezone(zone)
    if prefs.digest == "daily":
        wall = _hhmm(prefs.digest_time)
        for offset in range(-1, 4):
            for instant in _instants(local.date() + timedelta(days=offset), wall, zone, ambiguous="first"):
                if instant > after:
                    return instant
    else:
        # Hours that do not exist are skipped (the hour after the gap is a top of hour itself).
        top = local.replace(minute=0, second=0, microsecond=0, tzinfo=None)
        for offset in range(-1, 50):
            hour = top + timedelta(hours=offset)
            for instant in _instants(hour.date(), hour.time(), zone, ambiguous="both"):
                if instant > after and instant.astimezone(zone).replace(tzinfo=None) == hour:
                    return instant
    raise AssertionError(f"no digest slot after {after} in {prefs.timezone}")  # pragma: no cover

