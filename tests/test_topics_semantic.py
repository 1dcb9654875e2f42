"""The pure parts of benchmarks/topics_semantic.py: what text is embedded, which phrases build a topic's
prototype, and how a semantic score combines with the matcher. The model itself is not loaded here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bot.types import Summary, Topic

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "topics_semantic.py"
_spec = importlib.util.spec_from_file_location("topics_semantic", _PATH)
assert _spec and _spec.loader
ts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ts)


def summary(title: str, text: str) -> Summary:
    return Summary(headline=title, language="en", entities=(), title=title, text=text)


def test_lead_skips_a_body_that_repeats_the_title():
    s = summary("Pix passes cards", "Pix passes cards\nBrazil's instant payment system now moves more money.")
    assert ts.lead_text(s, 300) == "Pix passes cards\nBrazil's instant payment system now moves more money."


def test_lead_is_cut_at_a_word_within_the_budget():
    s = summary("Title", "alpha beta gamma delta epsilon")
    lead = ts.lead_text(s, 14)
    assert lead == "Title\nalpha beta"


def test_lead_cuts_a_wordless_script_at_the_budget():
    s = summary("标题", "移动支付用户突破十亿扫码支付已经成为中国消费者最常用的支付方式")
    assert ts.lead_text(s, 10) == "标题\n移动支付用户突破十亿"


def test_prototype_phrases_are_the_config_words_without_brand_patterns():
    topic = Topic("payments", "Payments", ("mobile payment", "*Pay", "Payments", "digital wallet"),
                  aliases=("mobile pay",))
    phrases = ts.topic_phrases(topic)
    assert "*Pay" not in phrases
    assert phrases.count("Payments") == 1  # the name and a keyword spelled alike are embedded once
    assert {"mobile payment", "digital wallet", "mobile pay", "payments"} <= set(phrases)


def test_rules_combine_matcher_and_score():
    assert ts.decide("alone", False, 0.9, 0.85) and not ts.decide("alone", True, 0.8, 0.85)
    assert ts.decide("rescue", True, 0.1, 0.85) and ts.decide("rescue", False, 0.9, 0.85)
    assert not ts.decide("rescue", False, 0.8, 0.85)
    assert ts.decide("veto", True, 0.9, 0.85) and not ts.decide("veto", True, 0.8, 0.85)
    assert not ts.decide("veto", False, 0.99, 0.85)


def test_counts_are_micro_over_article_topic_pairs():
    rows = [
        {"matched": {"a"}, "want": {"a", "b"}, "proto": {"a": 0.9, "b": 0.9}},
        {"matched": {"b"}, "want": set(), "proto": {"a": 0.5, "b": 0.5}},
    ]
    assert ts.counts_for(rows, ["a", "b"]) == [1, 1, 1]
    assert ts.counts_for(rows, ["a", "b"], "rescue", "proto", {"a": 0.8, "b": 0.8}) == [2, 1, 0]
    assert ts.counts_for(rows, ["a", "b"], "veto", "proto", {"a": 0.8, "b": 0.8}) == [1, 0, 1]
    assert ts.prf(2, 1, 0)[:2] == (2 / 3, 1.0)
