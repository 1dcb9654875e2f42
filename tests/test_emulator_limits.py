"""Telegram's flood limits in the emulator: what PTB sees (429 + retry_after) and what is counted.

The emulator's clock is injected and moved by hand, so "within one second" is exact, not a race.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
import telegram
from telegram.error import RetryAfter
from telegram.request import HTTPXRequest

from bot.emulator import COUNTED_METHODS, BotAPIEmulator, RateLimits
from bot.emulator.limits import FloodModel, Refusal, WindowMeter
from bot.emulator.spec import DEFAULT_SPEC_PATH

TOKEN = "123:ABC"
GROUP = -100777
CHANNEL = -100888


class Clock:
    """A monotonic clock that stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emu(clock: Clock) -> Iterator[BotAPIEmulator]:
    with BotAPIEmulator(rate_limits=RateLimits(), clock=clock) as emulator:
        emulator.add_chat(GROUP, type="supergroup", title="Markets")
        emulator.add_chat(CHANNEL, type="channel", title="Wire", username="wire")
        yield emulator


def make_bot(emu: BotAPIEmulator) -> telegram.Bot:
    return telegram.Bot(token=TOKEN, base_url=emu.base_url)


async def send_all(bot: telegram.Bot, chat_ids: list[int | str]) -> list[str]:
    """Send one message per chat id in order; 'ok' or the retry_after PTB reports for each."""
    outcomes = []
    for n, chat_id in enumerate(chat_ids):
        try:
            await bot.send_message(chat_id, f"alert {n}")
            outcomes.append("ok")
        except RetryAfter as exc:
            wait = exc.retry_after  # an int or a timedelta, depending on PTB's settings
            seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else wait
            outcomes.append(f"retry {int(seconds)}")
    return outcomes


def test_defaults_are_telegrams_published_limits() -> None:
    limits = RateLimits()
    assert (limits.global_per_second, limits.private_burst, limits.private_per_second, limits.group_per_minute) == (
        30, 3, 1.0, 20
    )
    with pytest.raises(ValueError, match="group_per_minute"):
        RateLimits(group_per_minute=0)


def test_counted_methods_are_the_spec_methods_that_make_or_change_messages() -> None:
    spec = json.loads(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))["methods"]
    makes_messages = {
        name for name, method in spec.items()
        if name.startswith("send") and {"Message", "Array of Message"} & set(method.get("returns", []))
    }
    edits = {"editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia"}
    copies = {"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"}
    assert COUNTED_METHODS == makes_messages | edits | copies
    assert "sendChatAction" not in COUNTED_METHODS and "sendMessageDraft" not in COUNTED_METHODS


@pytest.mark.asyncio
async def test_forty_private_chats_at_once_get_thirty_messages_and_429s(emu: BotAPIEmulator, clock: Clock) -> None:
    async with make_bot(emu) as bot:
        outcomes = await send_all(bot, list(range(1001, 1041)))
        assert outcomes == ["ok"] * 30 + ["retry 1"] * 10
        clock.advance(0.999)
        assert await send_all(bot, [1031]) == [outcomes[-1]]  # the window still holds all thirty
        clock.advance(0.001)
        assert await send_all(bot, [1031, 1032]) == ["ok", "ok"]
    assert [m["chat_id"] for m in emu.sent_messages()] == [*range(1001, 1031), 1031, 1032]
    assert emu.http_429 == 11
    hits = emu.rate_limit_hits()
    assert [(h["method"], h["chat_id"], h["scope"]) for h in hits] == [
        ("sendMessage", chat_id, "global") for chat_id in [*range(1031, 1041), 1031]
    ]
    refused = [c for c in emu.calls("sendMessage") if not c["ok"]]
    assert {c["description"] for c in refused} == {"Too Many Requests: retry after 1"}
    assert emu.max_global_window() == 30


def test_429_envelope_is_telegrams(emu: BotAPIEmulator) -> None:
    url = f"{emu.base_url}{TOKEN}/sendMessage"
    for _ in range(3):
        assert httpx.post(url, data={"chat_id": 9, "text": "x"}, timeout=5).status_code == 200
    response = httpx.post(url, data={"chat_id": 9, "text": "x"}, timeout=5)
    assert response.status_code == 429
    assert response.json() == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


@pytest.mark.asyncio
async def test_a_private_chat_gets_a_burst_of_three_then_one_a_second(emu: BotAPIEmulator, clock: Clock) -> None:
    async with make_bot(emu) as bot:
        assert await send_all(bot, [7, 7, 7]) == ["ok"] * 3
        with pytest.raises(RetryAfter):
            await bot.send_message(7, "fourth inside the same second")
        assert await send_all(bot, [8]) == ["ok"]  # another chat has its own bucket
        clock.advance(0.5)
        with pytest.raises(RetryAfter):
            await bot.send_message(7, "half a token is not a message")
        clock.advance(0.5)
        assert await send_all(bot, [7]) == ["ok"]
        with pytest.raises(RetryAfter):
            await bot.send_message(7, "the refill was spent")
        clock.advance(10)
        assert await send_all(bot, [7, 7, 7]) == ["ok"] * 3  # the bucket holds three at most
        with pytest.raises(RetryAfter):
            await bot.send_message(7, "x")
    assert len(emu.sent_messages(7)) == 7
    assert {h["scope"] for h in emu.rate_limit_hits()} == {"chat"}
    assert emu.http_429 == 4


@pytest.mark.asyncio
async def test_a_group_gets_twenty_a_minute_and_a_channel_by_username_too(
    emu: BotAPIEmulator, clock: Clock
) -> None:
    async with make_bot(emu) as bot:
        for n in range(20):
            await bot.send_message(GROUP, f"alert {n}")
            clock.advance(1.0)  # one a second keeps the private and global limits out of the way
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "21st inside the minute")
        refusal = emu.calls("sendMessage")[-1]
        assert refusal["description"] == "Too Many Requests: retry after 40"  # the first leaves at 60 s
        clock.advance(40)
        await bot.send_message(GROUP, "the first one left the window")
        times = [m["time"] for m in emu.sent_messages(GROUP)]
        assert times[-1] - times[0] == 60.0 and times[1] - times[0] == 1.0
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "but only the first")
        for n in range(20):
            await bot.send_message("@wire", f"wire {n}")
        with pytest.raises(RetryAfter):
            await bot.send_message("@wire", "the channel's 21st")
        assert emu.calls("sendMessage")[-1]["params"]["chat_id"] == "@wire"
    assert [h["chat_id"] for h in emu.rate_limit_hits()] == [GROUP, GROUP, CHANNEL]
    assert len(emu.sent_messages(GROUP)) == 21 and len(emu.sent_messages(CHANNEL)) == 20


@pytest.mark.asyncio
async def test_edits_count_and_other_methods_do_not(emu: BotAPIEmulator, clock: Clock) -> None:
    async with make_bot(emu) as bot:
        sent = await bot.send_message(7, "v1")
        await bot.edit_message_text("v2", 7, sent.message_id)
        await bot.send_chat_action(7, "typing")
        await bot.get_chat(7)
        await bot.edit_message_text("v3", 7, sent.message_id)
        with pytest.raises(RetryAfter):
            await bot.edit_message_text("v4", 7, sent.message_id)
    assert emu.message(7, sent.message_id)["text"] == "v3"


@pytest.mark.asyncio
async def test_refused_and_failed_requests_spend_no_budget(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        for _ in range(5):
            with pytest.raises(telegram.error.BadRequest):
                await bot.send_message(7, "<p>bad html</p>", parse_mode="HTML")
        assert await send_all(bot, [7, 7, 7, 7]) == ["ok", "ok", "ok", "retry 1"]
    assert emu.http_429 == 1


@pytest.mark.asyncio
async def test_without_enforcement_violations_are_counted_not_refused(clock: Clock) -> None:
    with BotAPIEmulator(track_limits=True, clock=clock) as emu:
        emu.add_chat(GROUP, type="group", title="G")
        async with make_bot(emu) as bot:
            assert await send_all(bot, [7] * 5 + [GROUP] * 25) == ["ok"] * 30
            clock.advance(1.0)
            assert await send_all(bot, [8] * 40) == ["ok"] * 40
        assert emu.http_429 == 0 and emu.rate_limit_hits() == []
        assert emu.chat_violations() == {7: 2, GROUP: 5, 8: 37}
        assert emu.global_violations() == 10  # judged apart from the chat rule: 30 of the 40 fit
        assert emu.max_global_window() == 40
        emu.clear()
        assert emu.chat_violations() == {} and emu.max_global_window() == 0 and emu.http_429 == 0
        assert emu.global_violations() == 0


@pytest.mark.asyncio
async def test_enforcing_reports_no_violations_and_clear_resets_everything(
    emu: BotAPIEmulator, clock: Clock
) -> None:
    async with make_bot(emu) as bot:
        assert (await send_all(bot, [7] * 4))[-1] != "ok"
        assert emu.chat_violations() == {} and emu.http_429 == 1 and emu.max_global_window() == 3
        emu.clear()
        assert (emu.http_429, emu.rate_limit_hits(), emu.max_global_window()) == (0, [], 0)
        assert await send_all(bot, [7] * 3) == ["ok"] * 3  # clear() also refilled the budget


def test_default_emulator_never_limits() -> None:
    with BotAPIEmulator() as emu:
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        with httpx.Client(timeout=5) as client:
            for n in range(40):
                assert client.post(url, data={"chat_id": 7, "text": f"{n}"}).status_code == 200
        assert emu.http_429 == 0 and emu.chat_violations() == {}
        assert emu.max_global_window() >= 1


def test_flood_model_waits_are_exact() -> None:
    model = FloodModel(RateLimits(global_per_second=2, private_burst=1, private_per_second=0.5, group_per_minute=1))
    assert model.check(0.0, 1, True) is None
    model.admit(0.0, 1, True)
    assert model.check(0.5, 1, True) == Refusal("chat", 1.5)
    assert model.check(0.5, 1, True).retry_after == 2
    model.admit(0.25, -5, False)
    assert model.check(0.5, 2, True) == Refusal("global", 0.5)  # two in the last second: global is full
    assert model.check(0.5, -5, False) == Refusal("chat", 59.75)  # the longer wait wins
    assert model.check(2.0, 1, True) is None and model.check(60.25, -5, False) is None
    assert model.check(1.0, None, False) is None  # an inline message: the global second only
    assert Refusal("chat", 0.001).retry_after == 1 and Refusal("chat", 3.0).retry_after == 3
    meter = WindowMeter(1.0)
    for t in (0.0, 0.5, 0.9, 1.0, 1.4, 3.0):
        meter.add(t)
    assert meter.peak == 4  # 0.5, 0.9, 1.0 and 1.4 share the window (0.4, 1.4]


@pytest.mark.asyncio
async def test_concurrent_sends_on_the_real_clock_never_exceed_thirty_a_second() -> None:
    """Many connections at once: the lock makes each decision see every message before it."""
    with BotAPIEmulator(rate_limits=RateLimits()) as emu:
        bot = telegram.Bot(token=TOKEN, base_url=emu.base_url, request=HTTPXRequest(connection_pool_size=16))
        async with bot:
            results = await asyncio.gather(
                *(bot.send_message(chat_id, "x") for chat_id in range(2001, 2061)), return_exceptions=True
            )
        assert all(isinstance(r, (telegram.Message, RetryAfter)) for r in results), results
        calls = emu.calls("sendMessage")
        sent = [c["time"] for c in calls if c["ok"]]
        refused = [c["time"] for c in calls if c["error_code"] == 429]
        assert len(sent) >= 30 and len(sent) + len(refused) == 60
        assert emu.max_global_window() <= 30
        for t in refused:  # refused only when the last second already held thirty
            assert sum(1 for s in sent if t - 1.0 < s <= t) == 30
        assert emu.http_429 == len(refused) == len(emu.rate_limit_hits())
