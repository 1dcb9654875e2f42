"""Faults the emulator injects for delivery tests, as PTB sees them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
import telegram
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, TimedOut

from bot.emulator import BotAPIEmulator

TOKEN = "123:ABC"


@pytest.fixture
def emu() -> Iterator[BotAPIEmulator]:
    with BotAPIEmulator() as emulator:
        yield emulator


def make_bot(emu: BotAPIEmulator) -> telegram.Bot:
    return telegram.Bot(token=TOKEN, base_url=emu.base_url)


def send_pattern(emu: BotAPIEmulator, count: int) -> str:
    """Send ``count`` messages over plain HTTP; '.' for delivered, 'x' for refused."""
    url = f"{emu.base_url}{TOKEN}/sendMessage"
    with httpx.Client(timeout=5) as client:  # one client: each new one costs an SSL context
        codes = [client.post(url, data={"chat_id": 5, "text": f"m{n}"}).status_code for n in range(count)]
    assert set(codes) <= {200, 502}, codes
    return "".join("." if code == 200 else "x" for code in codes)


def test_fail_fraction_is_deterministic_per_seed_and_switches_off() -> None:
    patterns = []
    for seed in (7, 7, 8):
        with BotAPIEmulator() as emu:
            emu.fail_fraction("sendMessage", 0.3, seed=seed)
            patterns.append(send_pattern(emu, 60))
            assert len(emu.sent_messages()) == patterns[-1].count(".")  # a failed call sends nothing
            emu.fail_fraction("sendMessage", 0)
            assert send_pattern(emu, 10) == "." * 10
    assert patterns[0] == patterns[1] != patterns[2]
    assert 8 <= patterns[0].count("x") <= 30, patterns[0]  # about 18 of 60


@pytest.mark.asyncio
async def test_fail_fraction_answers_the_status_given(emu: BotAPIEmulator) -> None:
    emu.fail_fraction("sendMessage", 1.0)
    emu.fail_fraction("getChat", 1.0, status=500, description="Internal Server Error")
    async with make_bot(emu) as bot:
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(5, "x")
        with pytest.raises(NetworkError):
            await bot.get_chat(5)
        assert (await bot.get_me()).id == 123  # other methods are untouched
    with pytest.raises(ValueError, match="fraction"):
        emu.fail_fraction("sendMessage", 1.5)
    with pytest.raises(ValueError, match="not a Bot API method"):
        emu.fail_fraction("sendMesage", 0.5)


@pytest.mark.asyncio
async def test_a_delayed_answer_times_out_but_the_message_was_sent(emu: BotAPIEmulator) -> None:
    emu.delay_next("sendMessage", 3.0)
    async with make_bot(emu) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(5, "slow", read_timeout=0.3)
        assert [m["text"] for m in emu.sent_messages(5)] == ["slow"]  # as on Telegram: sent, unanswered
        sent = await bot.send_message(5, "the delay was used up", read_timeout=2.0)
    assert sent.message_id == 2
    assert [c["ok"] for c in emu.calls("sendMessage")] == [True, True]


def test_stop_cuts_a_delayed_answer_short() -> None:
    emu = BotAPIEmulator().start()
    emu.delay_next("getMe", 30.0, times=2)
    url = f"{emu.base_url}{TOKEN}/getMe"
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(url, timeout=0.2)
    started = time.monotonic()
    emu.stop()
    assert time.monotonic() - started < 5


@pytest.mark.asyncio
async def test_blocked_chat_is_forbidden_until_restored(emu: BotAPIEmulator) -> None:
    emu.block_chat(5)
    emu.block_chat(6, description="Forbidden: user is deactivated")
    async with make_bot(emu) as bot:
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(5, "x")
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_chat_action(5, "typing")
        with pytest.raises(Forbidden, match="deactivated"):
            await bot.send_message(6, "x")
        assert (await bot.get_chat(5)).id == 5  # reading the chat still works
        await bot.send_message(7, "other chats are fine")
        emu.restore_chat(5)
        await bot.send_message(5, "unblocked")
    assert [m["chat_id"] for m in emu.sent_messages()] == [7, 5]
    assert [c["error_code"] for c in emu.calls("sendMessage")] == [403, 403, None, None]


@pytest.mark.asyncio
async def test_forgotten_chat_is_not_found(emu: BotAPIEmulator) -> None:
    emu.add_chat(-300, type="group", title="Gone")
    emu.forget_chat(-300)
    async with make_bot(emu) as bot:
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(-300, "x")
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.get_chat(-300)
    assert emu.sent_messages() == []


@pytest.mark.asyncio
async def test_migrated_group_points_to_its_supergroup(emu: BotAPIEmulator) -> None:
    emu.add_chat(-400, type="group", title="Traders")
    emu.migrate_chat(-400, -100400)
    async with make_bot(emu) as bot:
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-400, "x")
        assert migrated.value.new_chat_id == -100400
        sent = await bot.send_message(migrated.value.new_chat_id, "moved")
        chat = await bot.get_chat(-100400)
    assert sent.chat.type == "supergroup" and chat.title == "Traders"
    assert [m["chat_id"] for m in emu.sent_messages()] == [-100400]
    refused = emu.calls("sendMessage")[0]
    assert refused["description"] == "Bad Request: group chat was upgraded to a supergroup chat"
