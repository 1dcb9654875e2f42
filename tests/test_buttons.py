"""Buttons through the emulator: /start and /topics toggles, /list removals, alerts' buttons, /stop, stale and forged data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core import callbacks as cb
from bot.types import Reason, Summary
from tests.bot_session import buttons_of, running

USER = 42


@pytest.fixture
async def s(config):
    async with running(config, command_burst=1000) as session:
        yield session


async def test_start_toggles_suggested_topics_in_place(s, config):
    sent = await s.say("/start", USER)
    buttons = buttons_of(sent["params"]["reply_markup"])
    assert [d for _t, d in buttons] == [cb.encode(cb.TOGGLE_TOPIC, t) for t in config.suggested_topics]
    assert buttons[0][0] == "➕ Mobile payments"
    answer = await s.press(USER, buttons[0][1], sent["message_id"])
    assert answer["text"] == "Following Mobile payments."
    assert [f.value for f in s.store.follows_of(USER)] == ["mobile-payments"]
    now = s.message(USER, sent["message_id"])
    assert now["buttons"][0][0] == "✅ Mobile payments" and now["text"].startswith("newsbell sends you news")
    answer = await s.press(USER, buttons[0][1], sent["message_id"])
    assert answer["text"] == "Stopped following Mobile payments."
    assert s.store.follows_of(USER) == []
    assert s.message(USER, sent["message_id"])["buttons"][0][0] == "➕ Mobile payments"


async def test_topics_toggles_every_topic_in_italian(s, config):
    await s.say("/lang it", USER)
    sent = await s.say("/topics", USER)
    buttons = buttons_of(sent["params"]["reply_markup"])
    assert len(buttons) == len(config.topics)
    assert "➕ Pagamenti mobili" in [t for t, _d in buttons]
    answer = await s.press(USER, dict((t, d) for t, d in buttons)["➕ Tecnologia cinese"], sent["message_id"])
    assert answer["text"] == "Ora segui Tecnologia cinese."
    # The stored label is the chat's name for it: alerts' why-line reads "argomento Tecnologia cinese".
    assert [(f.value, f.label) for f in s.store.follows_of(USER)] == [("chinese-tech", "Tecnologia cinese")]


async def test_list_buttons_remove_one_follow_each(s):
    await s.say("/follow alibaba", USER)
    await s.say("/follow mobile payments", USER)
    await s.say("/mute tencent", USER)
    sent = await s.say("/list", USER)
    buttons = buttons_of(sent["params"]["reply_markup"])
    assert [t for t, _d in buttons] == ["Unfollow Alibaba", "Unfollow Mobile payments", "Unmute Tencent"]
    answer = await s.press(USER, buttons[0][1], sent["message_id"])
    assert answer["text"] == "Stopped following Alibaba."
    now = s.message(USER, sent["message_id"])
    assert "Alibaba" not in now["text"] and "follows 1 thing" in now["text"]
    assert [t for t, _d in now["buttons"]] == ["Unfollow Mobile payments", "Unmute Tencent"]
    # Pressing the old button again: the follow is gone, and the answer says so politely.
    assert (await s.press(USER, buttons[0][1], sent["message_id"]))["text"] == "That was already removed."
    answer = await s.press(USER, buttons[2][1], sent["message_id"])
    assert answer["text"] == "Unmuted Tencent."


async def test_another_chats_follow_id_is_not_found(s):
    await s.say("/follow alibaba", 7)
    (follow_id, _f), = s.store.follow_rows(7)
    sent = await s.say("/list", USER)
    answer = await s.press(USER, cb.encode(cb.UNFOLLOW, follow_id), sent["message_id"])
    assert answer["text"] == "That was already removed."
    assert len(s.store.follows_of(7)) == 1


@pytest.mark.parametrize("data, expected", [
    ("0|t|mobile-payments", "This button is from an older version of me. Send the command again."),
    ("1|t|no-such-topic", "That topic no longer exists. /topics shows the current ones."),
    ("1|z|1", "I can't read this button. Send the command again."),
    ("rm -rf /", "I can't read this button. Send the command again."),
    ("1|u|99999", "That was already removed."),
    ("1|a|99999|0", "This button no longer matches anything here."),
    ("1|M|99999", "This button no longer matches anything here."),
    ("1|l|xx", "This button no longer matches anything here."),
])
async def test_stale_and_forged_buttons_get_a_polite_answer(s, data, expected):
    sent = await s.say("/start", USER)
    answer = await s.press(USER, data, sent["message_id"])
    assert answer["text"] == expected
    assert s.emu.calls("sendMessage")[-1]["params"]["text"] == sent["text"]  # no error message was sent


async def test_stop_asks_first_then_forgets_everything(s):
    await s.say("/lang it", USER)
    await s.say("/follow alibaba", USER)
    await s.say("/mute tencent", USER)
    sent = await s.say("/stop", USER)
    assert "2 elementi seguiti o silenziati" in sent["plain_text"]
    (yes, _), (cancel, _) = ((t, d) for t, d in buttons_of(sent["params"]["reply_markup"]))
    assert (yes, cancel) == ("Sì, dimentica questa chat", "Annulla")
    data = dict(buttons_of(sent["params"]["reply_markup"]))
    await s.press(USER, data["Annulla"], sent["message_id"])
    assert s.message(USER, sent["message_id"])["text"] == "Annullato: non è cambiato nulla."
    assert len(s.store.follows_of(USER)) == 2
    sent = await s.say("/stop", USER)
    await s.press(USER, dict(buttons_of(sent["params"]["reply_markup"]))["Sì, dimentica questa chat"],
                  sent["message_id"])
    assert s.message(USER, sent["message_id"])["text"].startswith("Fatto: ho dimenticato")
    assert s.store.follows_of(USER) == [] and s.store.chat_language(USER) is None
    chat = next(s.store.db.query("SELECT active, inactive_reason FROM chats WHERE id = ?", [USER]))
    assert chat == {"active": 0, "inactive_reason": "stopped"}
    # Coming back: English again (the choice was forgotten), and active.
    assert "newsbell sends you news" in (await s.say("/start", USER))["plain_text"]
    assert next(s.store.db.query("SELECT active FROM chats WHERE id = ?", [USER]))["active"] == 1


def queue_alert(store, chat_id: int, reasons: list[Reason], thread_id: int = 0) -> int:
    """An article delivered to the chat, as the pipeline stores it; returns the article id."""
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    feed_id = store.db["feeds"].insert({"url": f"https://f.example/{chat_id}", "name": "F", "active": 1}).last_pk
    summary = Summary(headline="Alibaba and Apple", language="en", entities=("Apple", "Alibaba"))
    store.save_poll(feed_id, now, now, None, None, None,
                    [{"dedup_key": f"k{chat_id}{thread_id}", "entry_id": "e", "link": "https://a.example",
                      "title": "t", "summary": summary, "alerted": True}], [],
                    [(f"k{chat_id}{thread_id}", (chat_id, thread_id) if thread_id else chat_id, reasons)])
    return next(store.db.query("SELECT id FROM articles WHERE dedup_key = ?", [f"k{chat_id}{thread_id}"]))["id"]


async def test_alert_buttons_unfollow_and_mute_with_confirmation(s):
    await s.say("/follow alibaba", USER)
    await s.say("/follow mobile payments", USER)
    reasons = [Reason("entity", "Alibaba", ("Alibaba",)), Reason("topic", "Mobile payments", ("Alipay",))]
    article = queue_alert(s.store, USER, reasons)
    rows = cb.alert_buttons(article, reasons, "Apple")
    alert = await s.say("/list", USER)  # any message of the bot's can carry the alert's buttons here
    answer = await s.press(USER, rows[1][0][1], alert["message_id"])
    assert answer["text"] == "Stopped following Mobile payments. /follow brings it back."
    assert [f.value for f in s.store.follows_of(USER)] == ["Alibaba"]
    # Mute: a confirmation first, which says how to undo it.
    before = len(s.emu.sent_messages(USER))
    await s.press(USER, rows[2][0][1], alert["message_id"])
    confirm = s.emu.sent_messages(USER)[before]
    assert confirm["plain_text"].startswith("Mute Apple?")
    assert s.store.follows_of(USER)[-1].kind != "mute"
    yes = dict(buttons_of(confirm["params"]["reply_markup"]))["Yes, mute it"]
    answer = await s.press(USER, yes, confirm["message_id"])
    assert answer["text"] == "Muted Apple."
    assert s.message(USER, confirm["message_id"])["text"] == "Muted Apple. To undo: /unmute Apple"
    assert [f.label for f in s.store.follows_of(USER) if f.kind == "mute"] == ["Apple"]


async def test_alert_buttons_do_nothing_in_a_chat_the_alert_never_reached(s):
    await s.say("/follow alibaba", 7)
    reasons = [Reason("entity", "Alibaba", ("Alibaba",))]
    article = queue_alert(s.store, 7, reasons)
    sent = await s.say("/follow alibaba", USER)
    for data in (cb.encode(cb.ALERT_UNFOLLOW, article, 0), cb.encode(cb.CONFIRM_MUTE, article)):
        answer = await s.press(USER, data, sent["message_id"])
        assert answer["text"] == "This button no longer matches anything here."
    assert [f.value for f in s.store.follows_of(USER)] == ["Alibaba"]


async def test_lang_buttons(s):
    sent = await s.say("/lang", USER)
    data = dict(buttons_of(sent["params"]["reply_markup"]))
    assert set(data) == {"✅ English", "italiano"}
    await s.press(USER, data["italiano"], sent["message_id"])
    assert s.message(USER, sent["message_id"])["text"] == "D'ora in poi in questa chat parlo italiano."
    assert s.store.chat_language(USER) == "it"
