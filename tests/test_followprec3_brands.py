"""Payment brands no keyword list names reach the topic through their family ("*Pay", "*ペイ", "*페이");
words that only contain the family's word do not. Brand names here are invented for the tests."""

from __future__ import annotations

import pytest

from bot.core.brands import compile_families
from bot.core.summarise import summarise
from tests.test_followprec3_topics import assert_payments_pair

STORIES = [
    ("en", "KoraPay and ZuriPay race for Kenya's shoppers",
     "Two start-ups, KoraPay and ZuriPay, signed up a million merchants this year. KoraPay charges no fee on "
     "transfers under $10, while ZuriPay bets on bus fares.",
     "Nurses Back Equal Pay Deal", "The union said the Equal Pay deal ends a decade of dispute over Sick Pay."),
    ("es", "NubePay llega a Colombia",
     "La billetera NubePay abrió su servicio en Bogotá. Los usuarios de NubePay podrán enviar dinero a sus "
     "contactos sin comisiones.",
     "Huelga por la paga extra", "Los sindicatos exigen la paga extra antes de Navidad."),
    ("ja", "ミドリペイ、利用者100万人を突破",
     "地方銀行が始めたミドリペイの利用者が100万人を超えた。ミドリペイは地元の商店街で使える。",
     "スペイン旅行が人気", "スペインへの旅行者が増え、ペイントの体験ツアーも好評だ。"),
    ("ko", "하나로페이, 가입자 500만 명 돌파",
     "하나로페이가 출시 1년 만에 가입자 500만 명을 넘었다. 하나로페이는 편의점과 식당에서 쓸 수 있다.",
     "새 홈페이지 공개", "시청은 새 홈페이지를 공개했다. 페이스북 계정도 새로 열었다."),
]


@pytest.mark.parametrize(("lang", "title", "body", "other_title", "other_body"), STORIES, ids=[s[0] for s in STORIES])
def test_a_wallet_no_list_names_reaches_the_payments_topic(config, gazetteer, lang, title, body, other_title,
                                                           other_body):
    index = assert_payments_pair(config, gazetteer, lang, (title, body), (other_title, other_body))
    # "PayPay" is a keyword and a member of "*Pay": one mention is one piece of evidence, not two.
    s = summarise("Lawson adds a new store in Osaka", "Shoppers there can pay with PayPay.", gazetteer, language="en")
    assert index.topic_evidence(s).get("mobile-payments", {}) == {"PayPay": 1}


def test_family_patterns_take_only_names_glued_to_the_word():
    pattern = compile_families(["*Pay", "*ペイ", "*페이"])
    text = "GoPay, repay, Payday, Equal Pay, 楽天ペイで, スペイン, ペイント, 토스페이를, 페이지, 페이스북"
    assert [m.group() for m in pattern.find(text)] == ["GoPay", "楽天ペイ", "토스페이"]
