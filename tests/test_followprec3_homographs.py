"""Homographs in stories of orchards, fields and kitchens, in several languages and scripts: "Apple"
capitalised in a festival's or a dish's name, アップルパイ, 苹果 and 小米 beside e-commerce names. The
company still counts there when a form no farm uses names it ("Apple Pay", "小米集团").
Texts written for these tests."""

from __future__ import annotations

import pytest

from bot.core.homographs import speaks_of_produce
from tests.test_match import hits

FARMS = [
    ("en", "Wenatchee celebrates its Apple Blossom Festival",
     "The Apple Blossom Festival opened on Friday with a parade through downtown. Orchards across the valley "
     "were open to visitors, and growers said the harvest looked strong after a mild spring.", "apple"),
    ("en", "Apple cider vinegar: does it really help you lose weight?",
     "Apple cider vinegar has been sold as a cure-all for decades. Researchers gave volunteers a spoonful a day "
     "with their porridge for twelve weeks and found no difference in weight.", "apple"),
    ("de", "Südtiroler Bauern ernten weniger Äpfel",
     "Die Obstbauern in Südtirol rechnen mit einer kleineren Ernte. In den Cafés von Bozen stehen trotzdem "
     "Apple Crumble und Apple Pie auf der Karte, sagt ein Wirt.", "apple"),
    ("ja", "青森のりんご農家、アップルパイ専門店を開業",
     "青森県の農家が収穫したりんごを使ったアップルパイの専門店を開いた。アップルパイのほかアップルジュースも販売する。", "apple"),
    ("zh", "小米谷子喜获丰收 电商直播助农增收",
     "金秋时节，县里的谷子进入采摘期，农户忙着收割。今年小米种植面积扩大到两万亩，小米颗粒饱满。"
     "不少农户通过拼多多、淘宝和京东直播卖小米，小米销量比去年翻了一番。", "xiaomi"),
    ("zh", "苹果丰收 果农借电商打开销路",
     "洛川县的苹果进入采摘季，果农忙着采摘苹果。今年苹果种植面积稳定，苹果个头大。"
     "果农通过拼多多、淘宝和京东直播卖苹果，快递企业在产区设立收寄点。", "apple"),
]


@pytest.mark.parametrize(("lang", "title", "body", "term"), FARMS, ids=[f"{f[0]}-{f[3]}-{i}" for i, f in enumerate(FARMS)])
def test_produce_stories_reach_no_follower_of_the_company(config, gazetteer, lang, title, body, term):
    assert speaks_of_produce(f"{title}\n{body}", lang)
    assert term not in hits(config, gazetteer, title, body, term)


@pytest.mark.parametrize(("title", "body", "term", "produce"), [
    ("Apple Pay comes to farmers' markets",
     "Growers at farmers' markets across the state now take Apple Pay. Apple said orchards and fruit stands "
     "were among the fastest-growing users of its tap to pay on iPhone.", "apple", FARMS[1]),
    ("小米集团发布助农计划",
     "小米集团宣布，将帮助农户通过电商销售小米和苹果等农产品。小米表示，首批覆盖十个产区的种植户。", "xiaomi", FARMS[4]),
])
def test_the_company_named_unambiguously_still_counts_beside_produce(config, gazetteer, title, body, term, produce):
    assert term in hits(config, gazetteer, title, body, term)
    assert term not in hits(config, gazetteer, produce[1], produce[2], term)


@pytest.mark.parametrize(("text", "lang"), [
    ("Polski sąd oddalił pozew. Sąd uznał, że przepisy były jasne.", "pl"),  # a court, not an orchard
    ("ハイブリッド車の販売が好調で、ハイエンド市場も伸びた。", "ja"),  # "high", not "pie" (パイ)
    ("Apple wants a bigger slice of the pie: its AI, baked into iOS, is the low-hanging fruit, and analysts "
     "take the forecast with a grain of salt after years of data harvesting.", "en"),  # tech prose's idioms
])
def test_tech_and_court_news_is_not_about_produce(text, lang):
    assert not speaks_of_produce(text, lang)
    assert speaks_of_produce(text + " Farmers sell apples and cider at the orchard.", lang)


@pytest.mark.parametrize("title, body, lang", [
    ("Apple harvest: Washington growers expect a record crop",
     "WENATCHEE - Growers across the Wenatchee Valley expect a record apple harvest this autumn. Apple orchards "
     "picked Honeycrisp and Gala early, and cider makers are buying the smaller fruit. Apple growers say prices "
     "at the packing house are down.", "en"),
    ("弘前のりんご農家、アップルパイを販売", "青森県弘前市のりんご農家が、収穫したりんごで焼いたアップルパイの販売を始めた。"
     "果樹園の直売所では、アップルパイとシードルが人気だという。", "ja"),
    ("陕西洛川苹果丰收", "洛川县的果农正在采摘苹果。今年苹果产量增加，果园里到处是红苹果。农民说苹果价格比去年高，小米和玉米也丰收了。", "zh"),
])
def test_the_fruit_is_no_key_entity_in_a_produce_story(gazetteer, title, body, lang):
    from bot.core.summarise import summarise

    entities = summarise(title, body, gazetteer, language=lang).entities
    assert "Apple" not in entities and "Xiaomi" not in entities


def test_the_company_stays_a_key_entity_when_named_unambiguously_beside_produce(gazetteer):
    from bot.core.summarise import summarise

    body = ("Apple Inc. has bought an orchard next to Apple Park in Cupertino, where staff will pick apples and "
            "press cider. Apple said the farm would supply its cafés with fruit and vegetables.")
    assert "Apple" in summarise("Apple buys an orchard", body, gazetteer, language="en").entities


def test_places_stay_key_entities_in_a_produce_story(gazetteer):
    # 陕西 and 甘肃 are two-character Chinese forms like 苹果, but places: the fruit rule leaves them alone.
    from bot.core.summarise import summarise

    body = ("陕西洛川县的果农正在采摘苹果，今年苹果产量增加。甘肃的果园也迎来丰收，果农说苹果价格比去年高。"
            "陕西和甘肃的苹果通过电商卖到全国。")
    entities = summarise("陕西甘肃苹果丰收", body, gazetteer, language="zh").entities
    assert {"Shaanxi", "Gansu"} <= set(entities) and "Apple" not in entities
