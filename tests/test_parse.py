"""Feed bytes to records: real feeds from public projects, and the awkward cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.parse import canonical_url, parse_feed
from bot.errors import ParseError
from tests.conftest import DATA

FEEDS = DATA / "feeds"
NOW = datetime(2026, 11, 29, tzinfo=UTC)


@pytest.mark.parametrize(
    "name, title, count, first_title",
    [
        ("feed-rs_feed-rs__rss_2.0_spiegel.xml", "SPIEGEL Update – Die Nachrichten", 1, "07.02. – die Wochenvorschau"),
        ("spacecowboy_Feeder__rss_lemonde.xml", "Le Monde.fr", 21, "JO d’hiver 2018"),
        ("rbren_rss-parser__heise.atom", "heise developer neueste Meldungen", 15, "Java-Anwendungsserver"),
        ("rbren_rss-parser__craigslist.rss", "craigslist seattle", 25, "Nude art photography"),
        ("korowiow80_PodSearch_Content__radiazione.podomatic.com_rss2.xml", "RADIazione", 12, "RADIazione - Puntata"),
    ],
)
def test_real_feeds_become_records(name, title, count, first_title):
    data = parse_feed((FEEDS / name).read_bytes(), url="https://example.org/feed", now=NOW)
    assert data.title.startswith(title)
    assert len(data.entries) == count
    first = data.entries[0]
    assert first.title.startswith(first_title)
    assert first.link.startswith("http")
    assert first.published is not None and first.published.tzinfo is not None
    assert len({e.entry_id for e in data.entries}) == count
    assert all("<" not in e.title for e in data.entries)


def rss(items: str) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def test_html_and_scripts_in_titles_become_plain_text():
    body = rss("<item><title>&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;news</title>"
               "<link>https://e.example/a</link></item>")
    entry = parse_feed(body).entries[0]
    assert entry.title == "Bold & news"


def test_relative_links_are_made_absolute_and_javascript_links_dropped():
    body = rss("<item><title>A</title><link>/news/1</link></item>"
               "<item><title>B</title><link>javascript:alert(1)</link></item>")
    entries = parse_feed(body, url="https://site.example/feed.xml").entries
    assert entries[0].link == "https://site.example/news/1"
    assert entries[1].link == ""


def test_entries_without_guid_link_or_date_get_stable_ids():
    body = rss("<item><title>Only a title</title></item><item><description>Only text</description></item>")
    first = parse_feed(body).entries
    second = parse_feed(body).entries
    assert [e.entry_id for e in first] == [e.entry_id for e in second]
    assert len({e.entry_id for e in first}) == 2
    assert all(e.published is None for e in first)


def test_duplicate_guids_inside_one_feed_are_kept_apart():
    body = rss("<item><guid>same</guid><title>One</title></item><item><guid>same</guid><title>Two</title></item>")
    entries = parse_feed(body).entries
    assert len({e.entry_id for e in entries}) == 2


def test_future_dates_are_clamped_to_now():
    body = rss("<item><title>A</title><pubDate>Mon, 01 Jan 2099 00:00:00 GMT</pubDate></item>")
    assert parse_feed(body, now=NOW).entries[0].published == NOW


def test_entity_declarations_are_refused_before_parsing():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<rss version="2.0"><channel><title>&b;</title></channel></rss>')
    with pytest.raises(ParseError, match="entities"):
        parse_feed(bomb)


def test_an_html_page_is_not_a_feed():
    with pytest.raises(ParseError, match="not an RSS/Atom/RDF feed"):
        parse_feed(b"<html><head><title>Hi</title></head><body><p>Welcome</p></body></html>")


def test_entry_cap_bounds_a_huge_feed():
    items = "".join(f"<item><guid>{i}</guid><title>t{i}</title></item>" for i in range(1500))
    assert len(parse_feed(rss(items)).entries) == 1000


def test_canonical_url_strips_tracking_and_fragment():
    assert canonical_url("HTTPS://News.Example:443/a?utm_source=x&id=3&fbclid=y#top") == "https://news.example/a?id=3"


def test_undated_entry_without_guid_or_link_keeps_its_id_when_its_date_is_in_the_future():
    body = rss("<item><title>Short</title><pubDate>Mon, 01 Jan 2099 00:00:00 GMT</pubDate></item>")
    first = parse_feed(body, now=NOW).entries[0].entry_id
    later = parse_feed(body, now=datetime(2026, 12, 25, tzinfo=UTC)).entries[0].entry_id
    assert first == later


def test_entry_cap_keeps_the_newest_of_an_oldest_first_feed():
    items = "".join(f"<item><guid>{i}</guid><title>t{i}</title><pubDate>{_day(i)}</pubDate></item>" for i in range(1200))
    ids = {e.entry_id for e in parse_feed(rss(items)).entries}
    assert "1199" in ids and "0" not in ids and len(ids) == 1000


def _day(i: int) -> str:
    from email.utils import format_datetime

    return format_datetime(datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=i))


def test_an_entity_declaration_behind_a_long_comment_is_still_refused():
    body = b'<?xml version="1.0"?><!--' + b"x" * 100_000 + b'--><!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"/>'
    with pytest.raises(ParseError, match="entities"):
        parse_feed(body)
