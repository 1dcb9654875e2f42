"""Main text out of article pages written for these tests (tests/data/pages)."""

from __future__ import annotations

from pathlib import Path

from bot.core.extract import extract_article
from bot.core.summarise import clean_body, summarise

PAGES = Path(__file__).resolve().parent / "data" / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_italian_page_keeps_the_story_and_drops_the_furniture():
    title, text = extract_article(page("alibaba-apple.it.html"))
    assert title == "Alibaba e Apple, accordo sui pagamenti"
    assert "Il gruppo cinese Alibaba ha avviato una collaborazione con Apple" in text
    assert "Tim Cook" in text
    for furniture in ("Articoli correlati", "Trump", "Conte", "LinkedIn", "I più letti", "P.IVA", "Tecnologia",
                      "Google Analytics", "cookie"):
        assert furniture not in text
    assert not text.startswith(title)  # the headline is not repeated as the first line


def test_extracted_italian_page_summarises_like_the_seed(gazetteer):
    title, text = extract_article(page("alibaba-apple.it.html"))
    s = summarise(title, text, gazetteer)
    assert s.language == "it"
    assert "è stato confermato" in s.text and "più semplici" in s.text
    assert "Share on Facebook" not in s.text
    assert {"Alibaba", "Apple", "Jack Ma"} <= set(s.entities)
    for boilerplate in ("Donald Trump", "Conte", "Google", "Facebook", "Twitter", "Pinterest", "LinkedIn"):
        assert boilerplate not in s.mentioned


def test_english_page_drops_sidebar_related_list_and_cookie_footer():
    title, text = extract_article(page("stripe-funding.en.html"))
    assert title == "Stripe raises new funds at higher valuation"
    assert "Patrick Collison and John Collison" in text
    for furniture in ("Most read", "Amazon", "Microsoft", "Netflix", "Related articles", "Tesla", "cookies",
                      "Markets"):
        assert furniture not in text
    assert "Share this article" not in clean_body(text, "en")


def test_flat_page_without_article_markup_still_yields_its_prose():
    title, text = extract_article(page("flat-page.de.html"))
    assert title == "Alipay startet in deutschen Drogerien"
    assert "Der chinesische Bezahldienst Alipay" in text
    assert "Ant Group" in text
    cleaned = clean_body(text, "de")
    assert "Huawei" not in cleaned  # the "Mehr zum Thema" teaser is cut with everything after it
    assert "Teilen auf" not in cleaned
    assert "Impressum" not in cleaned


def test_empty_and_prose_less_pages():
    assert extract_article("") == ("", "")
    title, text = extract_article("<html><head><title>Only a title</title></head><body></body></html>")
    assert title == "Only a title" and text == ""


def test_a_fragment_falls_back_to_flattening():
    title, text = extract_article("<p>Alibaba and Apple sign a payments deal.</p>")
    assert title == ""
    assert text == "Alibaba and Apple sign a payments deal."


def test_cli_summarises_an_html_page_through_the_extractor(capsys):
    import json

    from bot.cli_summarise import run_summarise
    from tests.conftest import CONFIG_PATH

    assert run_summarise(str(CONFIG_PATH), [str(PAGES / "alibaba-apple.it.html")], ["alibaba"], as_json=True) == 0
    record = json.loads(capsys.readouterr().out.strip())
    assert record["headline"] == "Alibaba e Apple, accordo sui pagamenti"
    assert record["language"] == "it"
    assert set(record["entities"][:2]) == {"Alibaba", "Apple"}
    assert record["follows"] == ["alibaba"]


def test_german_page_summary_names_no_common_nouns(gazetteer):
    title, text = extract_article(page("flat-page.de.html"))
    s = summarise(title, text, gazetteer)
    assert s.language == "de"
    assert s.entities[0] == "Alipay"
    assert {"Ant Group", "Alibaba"} <= set(s.entities)
    assert {"Drogerien", "Filialen", "Kunden", "Kasse", "Smartphone", "Nutzer"}.isdisjoint(s.entities)
