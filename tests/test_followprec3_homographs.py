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
