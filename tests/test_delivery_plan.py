"""The delivery rhythm with a fixed clock: digests across DST, quiet hours, pause/resume, storms, bundles."""

from __future__ import annotations

import gettext
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from telegram.constants import MessageLimit

from bot.core.delivery import (
    SETTING_ERROR_CODES,
    ChatPrefs,
    Outgoing,
    Pending,
    Plan,
    SettingError,
    StormPolicy,
    format_bundle,
    in_quiet_hours,
    next_digest_at,
    parse_digest,
    parse_hhmm,
    parse_quiet,
    parse_timezone,
    plan_chat,
    quiet_ends_at,
)

ROME = "Europe/Rome"
NEW_YORK = "America/New_York"


def local(text: str, zone: str, fold: int = 0) -> datetime:
    """A local wall time ("2026-03-29 08:00") as the aware UTC instant the core works with."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def item(delivery_id: int, created_at: datetime, headline: str = "Headline", source: str = "Feed",
         link: str = "https://example.org/a") -> Pending:
    return Pending(delivery_id, created_at, headline, source, link)


def queue(count: int, start: datetime, step: timedelta = timedelta(seconds=10), first_id: int = 1) -> list[Pending]:
    return [item(first_id + i, start + i * step, f"Story {first_id + i}") for i in range(count)]


def walk(prefs: ChatPrefs, start: datetime, end: datetime, step: timedelta, arrive_every: timedelta):
    """Run the sender's loop over a fake clock: alerts arrive steadily, every digest is 'sent' and recorded.

    Returns the instants digests went out. Anything but a digest (or a plan that would wake in the past,
    a busy loop) fails the walk.
    """
    pending: list[Pending] = []
    sent: list[datetime] = []
    next_id = 1
    now = start
    while now < end:
        if (now - start) % arrive_every == timedelta(0):
            pending.append(item(next_id, now))
            next_id += 1
        plan = plan_chat(prefs, pending, 0, now)
        assert plan.wake_at is None or plan.wake_at > now, (now, plan)
        for out in plan.send:
            assert out.kind == "digest", (now, out)
            assert out.delivery_ids == tuple(p.delivery_id for p in pending)
            sent.append(now)
            pending = []
            prefs = replace(prefs, last_digest_at=now)
        if not plan.send:  # it wakes at the slot after both the last digest and the oldest queued item
            expected = next_digest_at(replace(prefs, last_digest_at=max(prefs.last_digest_at, pending[0].created_at)),
                                      now) if pending else None
            assert plan.wake_at == expected, now
        now += step
    return sent


# --- daily and hourly digests ------------------------------------------------------------------------

@pytest.mark.parametrize("start, end", [("2026-03-26", "2026-04-02"), ("2026-10-22", "2026-10-29")],
                         ids=["spring-forward", "fall-back"])
def test_daily_digest_fires_once_per_local_day_across_dst(start, end):
    prefs = ChatPrefs(timezone=ROME, digest="daily", digest_time="08:00",
                      last_digest_at=local(f"{start} 08:00", ROME))
    sent = walk(prefs, local(f"{start} 08:05", ROME), local(f"{end} 08:05", ROME),
                timedelta(minutes=5), timedelta(minutes=45))
    days = [when.astimezone(ZoneInfo(ROME)) for when in sent]
    assert [d.strftime("%H:%M") for d in days] == ["08:00"] * 7
    assert len({d.date() for d in days}) == 7
    # The UTC hour moves with the offset: 07:00 UTC in winter, 06:00 UTC in summer.
    assert {when.hour for when in sent} == {6, 7}


def test_daily_digest_at_a_time_dst_skips_or_repeats():
    """02:30 does not exist on 29 March in Rome and happens twice on 25 October: one digest each day."""
    prefs = ChatPrefs(timezone=ROME, digest="daily", digest_time="02:30",
                      last_digest_at=local("2026-03-27 02:30", ROME))
    spring = walk(prefs, local("2026-03-27 02:35", ROME), local("2026-03-31 02:35", ROME),
                  timedelta(minutes=5), timedelta(minutes=45))
    assert spring == [local("2026-03-28 02:30", ROME), utc("2026-03-29 01:00"),  # 03:00 CEST, the gap's end
                      local("2026-03-30 02:30", ROME), local("2026-03-31 02:30", ROME)]
    prefs = replace(prefs, last_digest_at=local("2026-10-23 02:30", ROME))
    autumn = walk(prefs, local("2026-10-23 02:35", ROME), local("2026-10-27 02:35", ROME),
                  timedelta(minutes=5), timedelta(minutes=45))
    assert autumn == [local("2026-10-24 02:30", ROME), utc("2026-10-25 00:30"),  # the first 02:30, CEST
                      local("2026-10-26 02:30", ROME), local("2026-10-27 02:30", ROME)]


def test_daily_digest_never_sent_is_due_once_its_time_has_passed_today():
    prefs = ChatPrefs(timezone=ROME, digest="daily", digest_time="08:00")
    assert next_digest_at(prefs, local("2026-06-10 09:15", ROME)) == local("2026-06-10 08:00", ROME)
    sent = replace(prefs, last_digest_at=local("2026-06-10 08:00", ROME))
    assert next_digest_at(sent, local("2026-06-10 09:15", ROME)) == local("2026-06-11 08:00", ROME)
    assert next_digest_at(ChatPrefs(digest="off"), local("2026-06-10 09:15", ROME)) is None


def test_digest_collects_what_was_queued_before_its_slot():
    prefs = ChatPrefs(timezone=ROME, digest="daily", digest_time="08:00",
                      last_digest_at=local("2026-06-09 08:00", ROME))
    now = local("2026-06-10 10:00", ROME)
    # Queued after today's slot: waits for tomorrow's digest instead of leaving at once.
    assert plan_chat(prefs, [item(1, local("2026-06-10 09:00", ROME))], 0, now) == \
        Plan((), local("2026-06-11 08:00", ROME))
    # Queued before it: the digest is due (late, after a restart) and carries everything queued.
    both = [item(1, local("2026-06-10 07:00", ROME)), item(2, local("2026-06-10 09:00", ROME))]
    assert plan_chat(prefs, both, 0, now) == Plan((Outgoing("digest", (1, 2)),), local("2026-06-11 08:00", ROME))
    # Nothing queued: nothing to send and nothing to wake for.
    assert plan_chat(prefs, [], 0, now) == Plan((), None)


def test_hourly_digest_at_every_local_hour_across_fall_back():
    prefs = ChatPrefs(timezone=ROME, digest="hourly", last_digest_at=local("2026-10-24 23:00", ROME))
    sent = walk(prefs, local("2026-10-24 23:05", ROME), local("2026-10-26 00:05", ROME),
                timedelta(minutes=5), timedelta(minutes=20))
    # 25 October has 25 hours in Rome; 02:00 comes twice and both are tops of an hour.
    assert sent == [utc("2026-10-24 22:00") + timedelta(hours=h) for h in range(26)]


def test_hourly_digest_follows_the_local_hour_in_a_half_hour_zone():
    prefs = ChatPrefs(timezone="Asia/Kolkata", digest="hourly", last_digest_at=utc("2026-06-10 04:30"))
    assert next_digest_at(prefs, utc("2026-06-10 04:40")) == utc("2026-06-10 05:30")
    pending = [item(1, utc("2026-06-10 04:35"))]
    assert plan_chat(prefs, pending, 0, utc("2026-06-10 05:29")) == Plan((), utc("2026-06-10 05:30"))
    assert plan_chat(prefs, pending, 0, utc("2026-06-10 05:30")) == \
        Plan((Outgoing("digest", (1,)),), utc("2026-06-10 06:30"))


def test_hourly_digest_skips_hours_a_gap_removes():
    """Lord Howe Island springs forward half an hour (02:00 -> 02:30): 02:30 is no top of an hour."""
    zone = "Australia/Lord_Howe"
    prefs = ChatPrefs(timezone=zone, digest="hourly", last_digest_at=local("2026-10-03 23:00", zone))
    sent = walk(prefs, local("2026-10-03 23:05", zone), local("2026-10-04 05:05", zone),
                timedelta(minutes=5), timedelta(minutes=20))
    assert [when.astimezone(ZoneInfo(zone)).strftime("%H:%M") for when in sent] == \
        ["00:00", "01:00", "03:00", "04:00", "05:00"]
    assert sent[2] - sent[1] == timedelta(minutes=90)


def test_hourly_digest_never_sent_is_due_now():
    prefs = ChatPrefs(timezone=ROME, digest="hourly")
    now = local("2026-06-10 10:20", ROME)
    assert next_digest_at(prefs, now) == local("2026-06-10 10:00", ROME)
    plan = plan_chat(prefs, [item(1, local("2026-06-10 09:50", ROME))], 0, now)
    assert plan == Plan((Outgoing("digest", (1,)),), local("2026-06-10 11:00", ROME))


# --- quiet hours -------------------------------------------------------------------------------------

NIGHT = ChatPrefs(timezone=NEW_YORK, quiet_start="22:00", quiet_end="07:00")


def test_quiet_hours_over_midnight_hold_until_the_local_end():
    pending = [item(1, local("2026-01-15 22:59", NEW_YORK)), item(2, local("2026-01-15 23:01", NEW_YORK))]
    morning = local("2026-01-16 07:00", NEW_YORK)
    assert morning == utc("2026-01-16 12:00")  # EST: the end is 12:00 UTC, not 07:00
    for wall in ("2026-01-15 22:00", "2026-01-15 23:30", "2026-01-16 00:00", "2026-01-16 06:59"):
        now = local(wall, NEW_YORK)
        assert in_quiet_hours(NIGHT, now), wall
        assert quiet_ends_at(NIGHT, now) == morning
        assert plan_chat(NIGHT, pending, 0, now) == Plan((), morning), wall
    assert plan_chat(NIGHT, pending, 0, morning) == Plan((Outgoing("alert", (1,)),), None)
    evening = local("2026-01-15 21:59", NEW_YORK)
    assert not in_quiet_hours(NIGHT, evening) and quiet_ends_at(NIGHT, evening) is None
    assert plan_chat(NIGHT, pending, 0, evening) == Plan((Outgoing("alert", (1,)),), None)


def test_quiet_hours_silent_mode_sends_without_sound():
    prefs = replace(NIGHT, quiet_mode="silent")
    pending = [item(1, local("2026-01-15 23:00", NEW_YORK))]
    assert plan_chat(prefs, pending, 0, local("2026-01-15 23:30", NEW_YORK)) == \
        Plan((Outgoing("alert", (1,), silent=True),), None)
    assert plan_chat(prefs, pending, 0, local("2026-01-16 09:00", NEW_YORK)) == \
        Plan((Outgoing("alert", (1,), silent=False),), None)
    storm = queue(6, local("2026-01-15 23:00", NEW_YORK))
    assert plan_chat(prefs, storm, 0, local("2026-01-15 23:30", NEW_YORK)).send == \
        (Outgoing("storm", (1, 2, 3, 4, 5, 6), silent=True),)


def test_a_daytime_window_and_no_window():
    lunch = ChatPrefs(timezone=ROME, quiet_start="13:00", quiet_end="14:30")
    assert in_quiet_hours(lunch, local("2026-06-10 13:00", ROME))
    assert quiet_ends_at(lunch, local("2026-06-10 14:00", ROME)) == local("2026-06-10 14:30", ROME)
    assert not in_quiet_hours(lunch, local("2026-06-10 14:30", ROME))
    assert not in_quiet_hours(lunch, local("2026-06-10 01:00", ROME))
    assert not in_quiet_hours(ChatPrefs(timezone=ROME), local("2026-06-10 23:00", ROME))


def test_quiet_hours_ending_in_the_spring_gap_end_at_the_jump():
    prefs = ChatPrefs(timezone=ROME, quiet_start="23:00", quiet_end="02:30")
    now = local("2026-03-29 01:45", ROME)
    assert quiet_ends_at(prefs, now) == utc("2026-03-29 01:00")  # 03:00 CEST; 02:30 never happens
    assert not in_quiet_hours(prefs, utc("2026-03-29 01:00"))


def test_a_digest_due_in_quiet_hours_goes_out():
    pending = [item(1, local("2026-01-15 20:00", NEW_YORK))]
    prefs = replace(NIGHT, digest="daily", digest_time="06:00", last_digest_at=local("2026-01-15 06:00", NEW_YORK))
    now = local("2026-01-16 06:00", NEW_YORK)
    assert plan_chat(prefs, pending, 0, now).send == (Outgoing("digest", (1,), silent=False),)
    silent = replace(prefs, quiet_mode="silent")
    assert plan_chat(silent, pending, 0, now).send == (Outgoing("digest", (1,), silent=True),)


# --- pause and resume --------------------------------------------------------------------------------

def test_pause_holds_everything():
    now = local("2026-06-10 09:00", ROME)
    pending = queue(8, now - timedelta(hours=3))
    for prefs in (ChatPrefs(paused=True), ChatPrefs(paused=True, resumed_at=now - timedelta(hours=1)),
                  ChatPrefs(paused=True, digest="hourly"), ChatPrefs(paused=True, quiet_start="08:00",
                                                                      quiet_end="10:00", quiet_mode="silent")):
        assert plan_chat(prefs, pending, 0, now) == Plan((), None)


def test_resume_summarises_what_queued_while_paused_then_flows_normally():
    resumed = utc("2026-06-10 09:00")
    prefs = ChatPrefs(resumed_at=resumed)
    before = queue(40, resumed - timedelta(hours=5), step=timedelta(minutes=7))
    after = [item(100, resumed + timedelta(minutes=1)), item(101, resumed + timedelta(minutes=2))]
    now = resumed + timedelta(minutes=3)
    plan = plan_chat(prefs, after + before, 0, now)  # the order pending arrives in does not matter
    assert plan == Plan((Outgoing("resume", tuple(range(1, 41))),), None)
    assert plan_chat(prefs, after, 0, now) == Plan((Outgoing("alert", (100,)),), None)
    # The summary is what the user asked for with /resume: digest and quiet hours do not hold it.
    held = replace(prefs, digest="daily", quiet_start="00:00", quiet_end="23:59")
    assert plan_chat(held, after + before, 0, now).send[0].kind == "resume"


# --- storms ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("queued, recent, kind", [
    (6, 0, "storm"),   # the queue alone crosses the threshold
    (5, 0, "alert"),   # exactly the threshold does not coalesce
    (3, 3, "storm"),   # recent single alerts plus the queue cross it
    (3, 2, "alert"),
    (2, 4, "storm"),
    (1, 10, "alert"),  # one queued item is never a bundle
])
def test_storm_coalescing(queued, recent, kind):
    now = utc("2026-06-10 09:00")
    plan = plan_chat(ChatPrefs(), queue(queued, now - timedelta(minutes=1)), recent, now)
    expected = tuple(range(1, queued + 1)) if kind == "storm" else (1,)
    assert plan == Plan((Outgoing(kind, expected),), None)


def test_storm_policy_is_a_parameter():
    now = utc("2026-06-10 09:00")
    pending = queue(3, now - timedelta(minutes=1))
    assert plan_chat(ChatPrefs(), pending, 0, now, StormPolicy(threshold=2)).send[0].kind == "storm"
    assert plan_chat(ChatPrefs(), pending, 0, now, StormPolicy(threshold=3)).send[0].kind == "alert"


# --- parsing -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [("8:00", "08:00"), ("08:00", "08:00"), ("0800", "08:00"),
                                            ("23:59", "23:59"), ("0:05", "00:05"), (" 7.30 ", "07:30")])
def test_parse_hhmm(text, expected):
    assert parse_hhmm(text) == expected


def test_parse_quiet_digest_timezone_happy_paths():
    assert parse_quiet("22:00-07:00") == ("22:00", "07:00")
    assert parse_quiet("22:00 – 7:00") == ("22:00", "07:00")
    assert parse_quiet("13:00 14:30") == ("13:00", "14:30")
    assert parse_quiet("OFF") is None
    assert parse_digest(["off"]) == ("off", None)
    assert parse_digest(["Hourly"]) == ("hourly", None)
    assert parse_digest(["daily", "8:30"]) == ("daily", "08:30")
    assert parse_digest(["daily"]) == ("daily", "08:00")
    assert parse_digest(["7:15"]) == ("daily", "07:15")
    assert parse_timezone("europe/rome") == "Europe/Rome"
    assert parse_timezone("UTC") == "UTC" and parse_timezone("utc") == "UTC"
    assert parse_timezone("america/new york") == "America/New_York"


ERRORS = [
    (parse_hhmm, "25:00", "bad_time", {"value": "25:00"}),
    (parse_hhmm, "8:7", "bad_time", {"value": "8:7"}),
    (parse_hhmm, "12:60", "bad_time", {"value": "12:60"}),
    (parse_hhmm, "noon", "bad_time", {"value": "noon"}),
    (parse_quiet, "22:00", "bad_quiet", {"value": "22:00"}),
    (parse_quiet, "22:00-07:00-08:00", "bad_quiet", {"value": "22:00-07:00-08:00"}),
    (parse_quiet, "22:00-31:00", "bad_time", {"value": "31:00"}),
    (parse_quiet, "22:00-22:00", "quiet_same", {"start": "22:00", "end": "22:00"}),
    (parse_digest, [], "missing_digest", {}),
    (parse_digest, ["weekly"], "bad_digest", {"value": "weekly"}),
    (parse_digest, ["hourly", "08:00"], "bad_digest", {"value": "hourly 08:00"}),
    (parse_digest, ["daily", "8", "9"], "bad_digest", {"value": "daily 8 9"}),
    (parse_digest, ["daily", "24:00"], "bad_time", {"value": "24:00"}),
    (parse_timezone, "Rome", "bad_timezone", {"value": "Rome", "suggestion": "Europe/Rome"}),
    (parse_timezone, "Europ/Romme", "bad_timezone", {"value": "Europ/Romme", "suggestion": "Europe/Rome"}),
    (parse_timezone, "juba", "bad_timezone", {"value": "juba", "suggestion": "Africa/Juba"}),  # not Cuba
    (parse_timezone, "Mars/Olympus_Mons", "bad_timezone", {"value": "Mars/Olympus_Mons", "suggestion": None}),
    (parse_timezone, "", "bad_timezone", {"value": "", "suggestion": None}),
    (parse_timezone, "localtime", "bad_timezone", {"value": "localtime", "suggestion": None}),
]


@pytest.mark.parametrize("parse, argument, code, details", ERRORS, ids=lambda v: repr(v)[:30])
def test_parse_errors(parse, argument, code, details):
    with pytest.raises(SettingError) as caught:
        parse(argument)
    assert (caught.value.code, caught.value.details) == (code, details)
    assert isinstance(caught.value, ValueError)


def test_every_error_code_is_documented_and_tested():
    assert {code for _, _, code, _ in ERRORS} == set(SETTING_ERROR_CODES)


# --- bundles -----------------------------------------------------------------------------------------

class TagBalance(HTMLParser):
    """Fails on anything Telegram's HTML parser would refuse in a bundle: unknown or unbalanced tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in ("b", "a"), tag
        assert tag != "a" or [name for name, _ in attrs] == ["href"]
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, tag


def assert_valid(message: str):
    assert len(message.encode("utf-16-le")) // 2 <= MessageLimit.MAX_TEXT_LENGTH
    checker = TagBalance()
    checker.feed(message)
    checker.close()
    assert checker.open == []
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", message), "a bare ampersand"


EN = gettext.NullTranslations()


def test_big_storm_splits_between_items_under_the_limit():
    start = utc("2026-06-10 09:00")
    items = [item(i, start + timedelta(seconds=i), f"Headline number {i} " + "x" * 220 + " 🚨",
                  f"Source {i}", f"https://example.org/{i}/" + "p" * 150) for i in range(300)]
    messages = format_bundle("storm", items, EN)
    assert len(messages) > 1
    for message in messages:
        assert_valid(message)
    assert messages[0].startswith("<b>300 new articles</b>\n")
    listed = [int(n) for n in re.findall(r"Headline number (\d+) ", "\n".join(messages))]
    assert listed == list(range(299, -1, -1))  # all of them, once each, newest first
    assert sum(len(m) for m in messages) > 3 * MessageLimit.MAX_TEXT_LENGTH  # really needed splitting


def test_everything_from_a_feed_is_escaped():
    hostile = item(1, utc("2026-06-10 09:00"), headline="Breaking <script>alert(1)</script> & more",
                   source="<b>Feed</b> & Co", link='https://example.org/?a=1&b="2"')
    plain = item(2, utc("2026-06-10 09:01"), headline="Not a link", link="javascript:alert(1)")
    [message] = format_bundle("storm", [hostile, plain], EN)
    assert_valid(message)
    assert "<script>" not in message and "<b>Feed" not in message
    assert "Breaking &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in message
    assert "— &lt;b&gt;Feed&lt;/b&gt; &amp; Co" in message
    assert '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">' in message
    assert "javascript" not in message and "Not a link — Feed" in message


def test_resume_lists_the_newest_up_to_the_cap_then_says_how_many_more():
    start = local("2026-06-08 10:00", ROME)
    items = queue(45, start, step=timedelta(hours=1))
    [message] = format_bundle("resume", items, EN, tz=ROME, cap=30)
    assert_valid(message)
    lines = message.split("\n")
    assert lines[0] == "<b>While you were paused: 45 articles</b>"
    assert lines[-1] == "…and 15 more."
    assert len(lines) == 32
    # Newest first, with local date and time because the items span several days.
    assert lines[1].startswith("2026-06-10 06:00 · ") and "Story 45" in lines[1]
    assert "Story 16" in lines[30] and "Story 15" not in message


def test_digest_header_times_and_singular():
    one = [item(7, local("2026-06-10 07:42", ROME), headline="Solo")]
    [message] = format_bundle("digest", one, EN, tz=ROME)
    assert message == '<b>Your digest: 1 article</b>\n07:42 · <a href="https://example.org/a">Solo</a> — Feed'
    [storm] = format_bundle("storm", one * 1, EN)
    assert storm.startswith("<b>1 new article</b>\n<a ")


def test_bundle_wording_goes_through_the_catalogue():
    class Shouting(gettext.NullTranslations):
        def gettext(self, message):
            return message.upper()

        def ngettext(self, singular, plural, n):
            return (singular if n == 1 else plural).upper().replace("{N}", "{n}")

    items = queue(3, utc("2026-06-10 09:00"))
    [message] = format_bundle("resume", items, Shouting(), cap=1)
    assert message.startswith("<b>WHILE YOU WERE PAUSED: 3 ARTICLES</b>")
    assert message.endswith("…AND 2 MORE.")
    with pytest.raises(ValueError):
        format_bundle("alert", items, EN)


def test_the_delivery_core_is_checked_for_purity():
    """test_architecture scans every module in bot/core; both delivery modules must be among them and pass."""
    from tests.test_architecture import IO_MODULES, ROOT, imports

    for name in ("delivery.py", "delivery_text.py"):
        found = imports(ROOT / "bot" / "core" / name)
        assert not {m for m in found if m.split(".")[0] in IO_MODULES}, name
        assert {m for m in found if m.startswith("telegram")} <= {"telegram.constants"}, name
