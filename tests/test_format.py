"""Alerts are valid Telegram HTML whatever the feed put in them."""

from __future__ import annotations

from bot.core.format import format_alert, format_alert_plain
from bot.emulator import parse_telegram_html
from bot.types import Reason, Summary

HOSTILE = Summary(
    headline='<script>alert("x")</script> & <b>bold</b> A < B > C',
    language="en",
    entities=("AT&T", "<Foo>"),
)


def test_hostile_text_is_escaped_and_parses_as_telegram_html():
    text = format_alert(HOSTILE, 'https://e.example/a?x=1&y="2"', "Feed <One>", [Reason("term", "a&b", ("a&b",))])
    plain = parse_telegram_html(text)  # raises if Telegram would refuse it
    assert plain.splitlines()[0] == HOSTILE.headline
    assert "AT&T, <Foo>" in plain
    assert "Why: you follow “a&b”" in plain


def test_alert_lists_reasons_for_topics_and_entities():
    s = Summary(headline="H", language="it", entities=("Alibaba",))
    text = format_alert(s, "https://e.example", "Wire", [
        Reason("entity", "Alibaba", ("Alibaba",)), Reason("topic", "Mobile payments", ("pagamenti online", "Alipay"))])
    plain = parse_telegram_html(text)
    assert "Wire · Italian" in plain
    assert "Why: you follow Alibaba; topic Mobile payments (pagamenti online, Alipay)" in plain


def test_oversized_alert_stays_within_telegram_limit():
    s = Summary(headline="x" * 5000, language="en", entities=tuple("e" * 900 for _ in range(6)))
    assert 0 < len(parse_telegram_html(format_alert(s, "https://e.example", "F", []))) <= 4096
    assert len(format_alert_plain(s, "https://e.example", "F", [])) <= 4096


def test_alert_in_italian_escapes_and_translates_every_label():
    from bot.i18n import translations

    it = translations("it")
    s = Summary(headline="Alibaba & <Apple>", language="en", entities=("Alibaba",))
    reasons = [Reason("entity", "Alibaba", ("Alibaba",)), Reason("topic", "Pagamenti mobili", ("Alipay",)),
               Reason("term", "<b>x</b>", ("x",))]
    html_text = format_alert(s, "https://e.example/a", "Wire <1>", reasons, it, "it")
    plain = parse_telegram_html(html_text)
    assert "Wire <1> · inglese" in plain
    assert "Leggi l'articolo" in plain
    assert "Perché: segui Alibaba; argomento Pagamenti mobili (Alipay); segui “<b>x</b>”" in plain
    assert "<b>x</b>" not in html_text  # the user's term is text, not markup
    text = format_alert_plain(s, "https://e.example/a", "Wire", reasons, it)
    assert text.splitlines()[-1].startswith("Perché: segui Alibaba")


def test_alert_buttons_fit_telegram_and_read_back():
    from bot.core import callbacks as cb
    from bot.i18n import translations

    reasons = [Reason("entity", "Alibaba", ("Alibaba",)), Reason("term", "a" * 90, ("a" * 90,)),
               Reason("topic", "Mobile payments", ()), Reason("topic", "Chinese tech", ())]
    rows = cb.alert_buttons(123456789012, reasons, "Apple", translations("it"))
    assert len(rows) == cb.MAX_UNFOLLOW_BUTTONS + 1
    assert rows[0][0][0] == "Non seguire più Alibaba"
    assert rows[-1][0][0] == "Silenzia Apple"
    for row in rows:
        for text, data in row:
            assert len(data.encode()) <= 64 and len(text) <= cb.MAX_BUTTON_TEXT
    assert cb.decode(rows[1][0][1]) == cb.Callback(cb.ALERT_UNFOLLOW, ("123456789012", "1"))
    assert cb.decode(rows[-1][0][1]) == cb.Callback(cb.ALERT_MUTE, ("123456789012",))
    # The main entity is what the chat follows: unfollowing covers it, no mute button.
    assert len(cb.alert_buttons(1, reasons[:1], "Alibaba")) == 1


def test_topic_reasons_follow_the_chats_language_now():
    from bot.core.format import localise_reasons
    from bot.types import Topic

    topics = (Topic("mobile-payments", "Mobile payments", ("x",), names=(("it", "Pagamenti mobili"),)),)
    made_in_italian = [Reason("topic", "Pagamenti mobili", ("Alipay",)), Reason("term", "Pagamenti mobili", ())]
    assert localise_reasons(made_in_italian, topics, "en") == [
        Reason("topic", "Mobile payments", ("Alipay",)), Reason("term", "Pagamenti mobili", ())]
    assert localise_reasons([Reason("topic", "Mobile payments", ())], topics, "it")[0].label == "Pagamenti mobili"
    assert localise_reasons([Reason("topic", "Gone", ())], topics, "it")[0].label == "Gone"


def test_every_language_the_identifier_names_gets_its_name_in_the_chats_language():
    # Danish and Swedish articles once showed "German" (a six-language identifier), then no label at all.
    for code, english, italian in [("da", "Danish", "danese"), ("sv", "Swedish", "svedese"),
                                   ("no", "Norwegian", "norvegese"), ("ja", "Japanese", "giapponese")]:
        s = Summary(headline="Nyhed", language=code, entities=())
        assert f"Wire · {english}" in parse_telegram_html(format_alert(s, "https://e.example", "Wire", []))
        assert f"Wire · {italian}" in parse_telegram_html(format_alert(s, "https://e.example", "Wire", [], ui_language="it"))
    s = Summary(headline="Title only", language="", entities=())  # a text too short to tell: no label rather than a guess
    assert parse_telegram_html(format_alert(s, "https://e.example", "Wire", [])).splitlines()[1] == "Wire"
