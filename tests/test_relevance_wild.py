"""Relevance on articles nobody tuned for: each kind of miss seen on real articles, in several languages.

The texts are written for these tests (modelled on the kinds of page seen in the wild), never copied
from a labelled set.
"""

from __future__ import annotations

import pytest

from bot.core.furniture import drop_link_blocks, is_block_heading, is_inline_link, is_link_row
from bot.core.summarise import clean_body, summarise
from tests.test_match import hits

# --- text that is not the article: link blocks, inline links, tag lines, link rows --------------------

LINK_BLOCKS = [
    ("pl", "Czytaj też:", "Xiaomi wchodzi na polski rynek samochodów"),
    ("pt", "Leia também", "Xiaomi lança novo smartphone em Portugal"),
    ("nl", "Lees ook:", "Huawei bouwt nieuw onderzoekscentrum in Delft"),
    ("da", "Læs også", "Huawei må ikke levere til 5G-nettet i Danmark"),
    ("sv", "Läs också", "Huawei öppnar butik i Stockholm"),
    ("ru", "Читайте также:", "Huawei открыла новый магазин в Москве"),
    ("tr", "İLGİLİ HABERLER", "Çin'de Huawei'nin yeni telefonu rekor kırdı"),
    ("es", "Sigue leyendo", "Huawei invertirá en centros de datos en Europa"),
    ("en", "Related Coverage", "Huawei profit beats estimates on phone sales"),
    ("ja", "関連記事", "ファーウェイが新型スマホを発表"),
]
PROSE = ("This paragraph is long enough to be prose, the kind of paragraph a story is written in, so it "
         "ends any block of links that comes before it and must stay where it is in the body.")


@pytest.mark.parametrize(("lang", "heading", "link"), LINK_BLOCKS)
def test_a_link_block_mid_body_is_dropped_and_the_story_goes_on(lang, heading, link):
    body = f"First paragraph of the story.\n\n{heading}\n{link}\nAnother headline of another story\n\n{PROSE}"
    text = clean_body(body, lang)
    assert link not in text and heading not in text
    assert "First paragraph of the story." in text and PROSE in text


@pytest.mark.parametrize("line", [
    "Czytaj też: Xiaomi wchodzi na polski rynek samochodów elektrycznych?",
    "Leia também: Apple lança iPhone 17 no Brasil com preço recorde",
    "İlgili: Huawei, Türkiye'de yeni akıllı saatini tanıttı",
    "Tags: Apple Valley, city council, budget, hockey",
    "Emner: MobilePay, Vipps, betalinger",
    "Теги: платежи, Сбербанк, NFC",
])
def test_an_inline_link_or_tag_line_is_not_prose(line):
    assert is_inline_link(line)
    assert drop_link_blocks(["Prose.", line, "More prose."]) == ["Prose.", "More prose."]


@pytest.mark.parametrize("line", [
    "Leia também o relatório completo, publicado ontem pelo banco central, sobre os pagamentos.",
    "Tags are what the shop uses to price its goods: a cheap one costs a cent.",
    "Related: this word opens a sentence of prose here, and the sentence goes on well past a heading.",
])
def test_prose_that_opens_with_the_same_words_stays(line):
    assert not is_inline_link(line)
    assert drop_link_blocks([line, PROSE]) == [line, PROSE]


def test_block_heading_is_a_whole_line_only():
    assert is_block_heading("Lees ook")
    assert is_block_heading("ЧИТАЙТЕ ТАКЖЕ:")
    assert not is_block_heading("Lees ook wat de minister gisteren zei over de nieuwe regels voor betalen.")


def test_a_row_of_links_is_furniture_a_sentence_with_bars_is_not():
    assert is_link_row("Xiaomi 15 Ultra im Test | Galaxy S25 Ultra | Pixel 9 Pro")
    assert not is_link_row("Xiaomi 15 Ultra im Test | Galaxy S25 Ultra")
    assert not is_link_row("Il prezzo | la data | il modello: tutto quello che sappiamo sul telefono.")


@pytest.mark.parametrize(("lang", "title", "body", "term"), [
    ("pl", "BLIK zbliżeniowy bije rekordy",
     "Polski system płatności BLIK rośnie szybko. Płatności zbliżeniowe są coraz popularniejsze.\n"
     "Czytaj też: Xiaomi wchodzi na polski rynek samochodów elektrycznych?\n"
     "Czytaj też: Huawei traci rynek w Polsce\n" + PROSE, "xiaomi"),
    ("da", "Forsvaret forbyder TikTok på tjenestetelefoner",
     "Forsvaret forbyder appen TikTok på alle tjenestetelefoner fra næste måned.\n\nLæs også\n"
     "Huawei må ikke levere til 5G-nettet i Danmark\nApple åbner ny butik i København\n", "huawei"),
    ("ru", "Без Apple Pay: как россияне платят телефоном",
     "Россияне платят телефоном через другие сервисы.\n\nЧитайте также:\n"
     "Xiaomi обогнала Samsung в России\nHuawei открыла новый магазин в Москве\n", "xiaomi"),
    ("pt", "Pix por aproximação começa a funcionar",
     "O Banco Central lançou o Pix por aproximação nesta sexta-feira.\n\nLeia também\n"
     "Xiaomi anuncia fábrica de celulares em Manaus\nGolpe do Pix: saiba como se proteger\n", "xiaomi"),
])
def test_a_follower_is_not_reached_through_another_storys_link(config, gazetteer, lang, title, body, term):
    assert term not in hits(config, gazetteer, title, body, term)


def test_a_link_block_gives_no_key_entity(gazetteer):
    body = ("Vipps MobilePay lukker MobilePay-navnet, men kunderne skal ikke gøre noget, siger selskabet.\n\n"
            "Læs også\nDanske Bank skærer 200 stillinger i IT\nXiaomi åbner første butik i Aarhus\n")
    assert "Xiaomi" not in summarise("MobilePay forsvinder", body, gazetteer).entities
