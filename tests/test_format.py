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
