"""Relevance on articles nobody tuned for (issue 11, sixth round): spans cut wrong, technologies as names."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise


@pytest.mark.parametrize(("lang", "title", "body", "name", "cut"), [
    # A capitalised dateline earlier in the text must not make "San" an office before a person's name.
    ("es", "Los Earthquakes remontan en casa",
     "SAN JOSÉ, California -- Los San Jose Earthquakes vencieron 2-1 a sus rivales el sábado por la noche. "
     "Los San Jose Earthquakes suman ya cinco victorias seguidas en su estadio.",
     "San Jose Earthquakes", "Jose Earthquakes"),
    # A saint's name opening a sentence is no common word to trim ("Santa" is one in Spanish).
    ("es", "Acuerdo para el nuevo parque solar",
     "Santa Ana Pueblo firmó ayer el acuerdo con la empresa. El gobernador de Santa Ana Pueblo dijo que "
     "el proyecto creará empleo en la comunidad.",
     "Santa Ana Pueblo", "Ana Pueblo"),
])
def test_a_saints_name_opens_a_name(gazetteer, lang, title, body, name, cut):
    entities = summarise(title, body, gazetteer, language=lang).entities
    assert name in entities and cut not in entities


@pytest.mark.parametrize(("lang", "title", "body"), [
    ("pt", "Pagamentos por aproximação crescem no Brasil",
     "Os pagamentos com NFC cresceram 40% no trimestre. Segundo a associação, o NFC dos telemóveis já "
     "supera o cartão físico nas compras pequenas, e o NFC chega agora aos transportes."),
    ("es", "El móvil sustituye a la tarjeta",
     "La tecnología NFC permite pagar acercando el teléfono al terminal. Los bancos dicen que el NFC "
     "ya supone la mitad de los pagos con tarjeta; el NFC llega también a los relojes."),
    ("en", "Buy now, pay later grows again",
     "BNPL lenders reported record volumes. BNPL use among under-25s doubled, and regulators said BNPL "
     "products will need affordability checks from next year."),
])
def test_a_technology_written_in_capitals_is_not_a_key_entity(gazetteer, lang, title, body):
    entities = summarise(title, body, gazetteer, language=lang).entities
    assert not {"NFC", "BNPL"} & set(entities)


def test_a_swahili_doctors_title_is_not_part_of_the_name(gazetteer):
    entities = summarise(
        "Benki kuu yashusha riba", "Gavana wa benki kuu, Dkt Amani Mwakyusa, alisema Jumanne kwamba riba "
        "itashuka hadi asilimia tisa. Dkt Amani Mwakyusa aliongeza kuwa mfumuko wa bei umepungua.",
        gazetteer, language="sw").entities
    assert "Amani Mwakyusa" in entities and "Dkt Amani Mwakyusa" not in entities


@pytest.mark.parametrize(("lang", "title", "body"), [
    ("it", "Alibaba porta il suo cloud in Europa: nuovo data center a Francoforte",
     "Alibaba Cloud ha aperto un nuovo data center a Francoforte, il terzo in Europa. Secondo Alibaba, la domanda "
     "delle imprese europee è cresciuta del 40%. In Europa il gruppo compete con Amazon e Microsoft."),
    ("de", "BYD startet Produktion in Ungarn – erstes Werk in Europa",
     "BYD hat in Szeged die Produktion aufgenommen. Das Werk ist das erste des Herstellers in Europa. BYD will "
     "in Europa bis 2027 jährlich 200.000 Autos bauen, sagte ein Sprecher."),
])
def test_a_continent_in_a_headline_about_a_firm_is_its_market_not_its_subject(gazetteer, lang, title, body):
    assert "Europe" not in summarise(title, body, gazetteer, language=lang).entities


def test_a_compass_part_is_not_taken_apart_for_a_place(gazetteer):
    weather = summarise("寒潮来袭 北方多地气温骤降", "受寒潮影响，我国中东部地区将迎来大范围降温，内蒙古中东部、华北等地气温下降10℃以上。",
                        gazetteer, language="zh")
    assert "Middle East" not in [m.name for m in weather.mentions]
    trade = summarise("苹果出口增长", "今年的苹果主要销往东南亚、中东和俄罗斯市场。", gazetteer, language="zh")
    assert "Middle East" in [m.name for m in trade.mentions]


def test_an_office_before_a_known_person_is_not_a_name_of_its_own(gazetteer):
    entities = summarise("PayPal beats estimates", '"We are winning back the checkout page," Chief Executive Alex Chriss '
                         "told analysts on Tuesday. PayPal raised its forecast.", gazetteer, language="en").entities
    assert "Alex Chriss" in entities and "Chief Executive" not in entities


@pytest.mark.parametrize(("lang", "title", "body", "shown", "legal"), [
    ("pt", "Itaú lança pagamento por aproximação no relógio",
     "O Itaú Unibanco anunciou nesta terça-feira que clientes poderão pagar com o relógio. Segundo o Itaú, o "
     "serviço chega a todos os cartões até março.", "Itaú", "Itaú Unibanco"),
    ("en", "Alibaba chairman Joe Tsai says AI spending will pay off",
     "Alibaba chairman Joe Tsai told investors on Tuesday that the group's AI spending would pay off. Joseph Tsai, "
     "who co-founded the company with Jack Ma, said cloud revenue grew 26%.", "Joe Tsai", "Joseph Tsai"),
])
def test_a_firm_or_person_is_shown_under_the_name_the_press_uses(gazetteer, lang, title, body, shown, legal):
    entities = summarise(title, body, gazetteer, language=lang).entities
    assert shown in entities and legal not in entities


def test_a_follow_stored_under_a_former_canonical_name_still_matches(gazetteer):
    from bot.core.match import FollowIndex
    from bot.types import Follow

    index = FollowIndex([Follow(chat_id=1, kind="entity", value="Joseph Tsai", label="Joseph Tsai")], (), gazetteer)
    summary = summarise("Joe Tsai on AI", "Alibaba chairman Joe Tsai said cloud revenue grew.", gazetteer, language="en")
    assert 1 in index.match(summary)


CHINESE_TECH = [
    ("nl", "Ondernemingskamer houdt Nexperia onder toezicht",
     "De Ondernemingskamer in Amsterdam besliste dinsdag dat chipmaker Nexperia voorlopig onder toezicht blijft. "
     "Moederbedrijf Wingtech krijgt de zeggenschap niet terug, oordeelden de rechters."),
    ("en", "Hunyuan tops a coding benchmark",
     "The Hunyuan large language model scored highest on a new coding test published on Thursday. The Hunyuan "
     "team said the model would reach enterprise clients next month."),
    ("de", "Avatr und Aito legen bei den Auslieferungen zu",
     "Die Elektroautomarken Avatr und Aito haben im November deutlich mehr Fahrzeuge ausgeliefert. Avatr "
     "verkaufte 20.000 Autos, Aito rund 50.000."),
]


def chinese_tech(config, gazetteer, lang: str, title: str, body: str) -> bool:
    from tests.test_match import index_for

    return bool(index_for(config, gazetteer, "chinese tech").match(summarise(title, body, gazetteer, language=lang)))


@pytest.mark.parametrize(("lang", "title", "body"), CHINESE_TECH, ids=[c[0] for c in CHINESE_TECH])
def test_chinese_chips_models_and_carmakers_are_chinese_tech(config, gazetteer, lang, title, body):
    assert chinese_tech(config, gazetteer, lang, title, body)


def test_a_paragraph_under_an_advert_marker_is_the_story():
    from bot.core.summarise import clean_body

    prose = ("La concorrenza interna in Cina è sempre più serrata: nelle ultime settimane Alibaba ha aggiornato la "
             "famiglia Qwen, mentre Moonshot AI ha presentato Kimi K3.")
    body = f"DeepSeek ha rilasciato V4.\n\nPUBBLICITÀ\n\n{prose}\n\nIn Italia l'app resta bloccata."
    assert prose in clean_body(body, "it")


@pytest.mark.parametrize("heading", ["▍延伸阅读", "■ 延伸閱讀", "► Lesen Sie auch", "▶ Leggi anche:"])
def test_a_read_also_heading_dressed_in_a_symbol_is_still_a_heading(heading):
    from bot.core.furniture import is_block_heading

    assert is_block_heading(heading)


@pytest.mark.parametrize(("lang", "title", "body"), [
    ("pl", "BLIK zbliżeniowy w każdym terminalu",
     "Polski Standard Płatności chce konkurować bezpośrednio z Apple Payem, który dziś dominuje wśród właścicieli "
     "iPhone'ów. Płatności zbliżeniowe BLIK-iem rosną o połowę rocznie."),
    ("cs", "Platby mobilem rostou",
     "Češi platí mobilem stále častěji. S Google Payem a Apple Payí platí už třetina zákazníků bank."),
])
def test_a_declined_last_word_still_names_the_product(config, gazetteer, lang, title, body):
    from tests.test_match import index_for

    s = summarise(title, body, gazetteer, language=lang)
    assert index_for(config, gazetteer, "apple pay").match(s)


PASSING = [
    ("de", "Haushalt 2027: Bundestag beschließt Etat mit Rekordinvestitionen",
     "Der Bundestag hat den Haushalt für 2027 beschlossen. Für die Bahn und die Brücken gibt es so viel Geld wie nie. "
     "Beim Ausbau des Mobilfunknetzes dürfen Bauteile von Huawei und ZTE nicht mehr verbaut werden; ein chinesischer "
     "Hersteller klagt bereits dagegen. Die Opposition kritisierte die neuen Schulden."),
    ("en", "Asian stocks mixed as yen firms on rate hike bets",
     "Asian shares were mixed on Tuesday as the yen firmed on bets of a rate rise in Tokyo. In Hong Kong, Alibaba rose "
     "2%, Tencent gained 1% and Xiaomi slipped. Australian miners fell with iron ore prices."),
]


@pytest.mark.parametrize(("lang", "title", "body"), PASSING, ids=[p[0] for p in PASSING])
def test_three_passing_mentions_do_not_make_a_story_chinese_tech(config, gazetteer, lang, title, body):
    assert not chinese_tech(config, gazetteer, lang, title, body)


def test_a_keyword_named_again_or_four_named_once_still_make_the_topic(config, gazetteer):
    from tests.test_match import index_for

    index = index_for(config, gazetteer, "chinese tech")
    again = summarise("Chipmakers report record orders",
                      "SMIC said orders rose by a third. Hua Hong Semiconductor and Huawei also reported growth, and "
                      "SMIC expects more demand next year.", gazetteer, language="en")
    four = summarise("Chipmakers report record orders",
                     "SMIC said orders rose by a third. Hua Hong Semiconductor, Cambricon and Huawei also reported "
                     "growth in the quarter.", gazetteer, language="en")
    assert index.match(again) and index.match(four)


def test_a_product_whose_other_name_opens_with_its_maker_names_the_maker(config, gazetteer):
    from tests.test_match import index_for

    s = summarise("阿里巴巴第二财季云收入增长34%", "通义千问App月活跃用户已突破1.5亿，与字节跳动旗下豆包、腾讯元宝的竞争日趋激烈。",
                  gazetteer, language="zh")
    assert index_for(config, gazetteer, "tencent").match(s)
