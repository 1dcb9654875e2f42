"""The gazetteer names institutions, schemes, firms and people as the world's press writes them: central
banks, EU bodies and laws, regulators and payment schemes in the languages the bot reads, Korean,
Japanese and Russian firms in their own scripts, and none of those forms is an everyday word."""

from __future__ import annotations

import pytest

from bot.core.gazetteer import _is_acronym
from bot.core.summarise import summarise
from bot.core.text import has_cjk, zipf

# Every language the bot reads that wordfreq has a list for.
READ_LANGUAGES = "it en de fr es pt nl pl ru uk tr sv da nb fi el hu cs ro id vi".split()
# One-word brand names that are themselves among a language's most frequent tokens: names, not words.
FREQUENT_BRANDS = {"Facebook", "Twitter", "Android"}


@pytest.mark.parametrize(
    "form, canonical",
    [
        ("Банк России", "Bank of Russia"),
        ("ЦБ РФ", "Bank of Russia"),
        ("Banco Central do Brasil", "Central Bank of Brazil"),
        ("日銀", "Bank of Japan"),
        ("한국은행", "Bank of Korea"),
        ("Ngân hàng Nhà nước", "State Bank of Vietnam"),
        ("Narodowy Bank Polski", "National Bank of Poland"),
        ("ČNB", "Czech National Bank"),
        ("Türkiye Cumhuriyet Merkez Bankası", "Central Bank of the Republic of Turkey"),
        ("Τράπεζα της Ελλάδος", "Bank of Greece"),
        ("Komisja Europejska", "European Commission"),
        ("Europese Commissie", "European Commission"),
        ("Ευρωπαϊκή Επιτροπή", "European Commission"),
        ("Еврокомиссия", "European Commission"),
        ("Uniunea Europeană", "European Union"),
        ("Europejski Bank Centralny", "European Central Bank"),
        ("Datenschutz-Grundverordnung", "General Data Protection Regulation"),
        ("RODO", "General Data Protection Regulation"),
        ("デジタル市場法", "Digital Markets Act"),
        ("Система быстрых платежей", "Faster Payments System"),
        ("금융감독원", "Financial Supervisory Service"),
        ("Urząd Ochrony Konkurencji i Konsumentów", "Office of Competition and Consumer Protection"),
        ("현대카드", "Hyundai Card"),
        ("신한카드", "Shinhan Card"),
        ("토스뱅크", "Toss"),
        ("LINEヤフー", "LY Corporation"),
        ("Сбербанк", "Sberbank"),
        ("Тинькофф", "T-Bank"),
        ("ПриватБанк", "PrivatBank"),
        ("刘炽平", "Martin Lau"),
        ("曾毓群", "Robin Zeng"),
        ("Зеленський", "Volodymyr Zelensky"),
    ],
)
def test_forms_in_other_languages_and_scripts_resolve(gazetteer, form, canonical):
    entity = gazetteer.lookup(form)
    assert entity is not None and entity.name == canonical


@pytest.mark.parametrize(
    "language, title, body, expected",
    [
        ("ru", "Банк России сохранил ключевую ставку",
         "Совет директоров Банка России принял решение. Сбербанк и ВТБ снизили ставки по вкладам.",
         {"Bank of Russia", "Sberbank", "VTB"}),
        ("ko", "현대카드·신한카드, 카카오페이와 제휴",
         "현대카드와 신한카드는 카카오페이, 네이버페이와 손잡았다. 토스뱅크도 참여한다.",
         {"Hyundai Card", "Shinhan Card", "Kakao Pay", "Naver Pay", "Toss"}),
        ("tr", "TCMB faiz kararını açıkladı",
         "Türkiye Cumhuriyet Merkez Bankası (TCMB) politika faizini sabit tuttu.",
         {"Central Bank of the Republic of Turkey"}),
        ("pl", "Komisja Europejska ukarała Google",
         "Komisja Europejska nałożyła karę. Narodowy Bank Polski i KNF komentują decyzję.",
         {"European Commission", "National Bank of Poland", "Polish Financial Supervision Authority"}),
        ("ja", "日銀が利上げ、植田総裁が会見",
         "日本銀行は金融政策決定会合で利上げを決めた。植田和男総裁が説明した。ソフトバンクグループの株価も上昇した。",
         {"Bank of Japan", "Kazuo Ueda", "SoftBank"}),
    ],
)
def test_articles_name_their_institutions(gazetteer, language, title, body, expected):
    found = set(summarise(title, body, gazetteer, language=language).entities)
    assert expected <= found


@pytest.mark.parametrize(
    "language, text, absent",
    [
        ("pl", "Dwa lata temu ceny wzrosły, a ozon w atmosferze chroni przed promieniowaniem.", {"Temu", "Ozon"}),
        ("cs", "Sběr dat pokračuje a sběr odpadu také.", {"Sberbank"}),
        ("id", "Tarik napas dalam-dalam sebelum bicara.", {"NAPAS"}),
        ("de", "Der Preis für Kakao steigt, und Ozon belastet die Luft.", {"Kakao", "Ozon"}),
        ("ko", "초콜릿 원료인 카카오 가격이 급등했다. 아침에 토스트를 먹었다.", {"Kakao", "Toss"}),
        ("ja", "市場は楽天的な見方を強めた。", {"Rakuten"}),
        ("en", "He wants faster payments and a toast to the new year.", {"Faster Payments", "Toast"}),
        ("ru", "Маска на лице. Мир меняется.", {"Elon Musk", "Mir payment system"}),
    ],
)
def test_everyday_words_name_nobody(gazetteer, language, text, absent):
    found = {gazetteer.entities[h.entity].name for h in gazetteer.find(text, language=language)}
    assert not found & absent


def test_no_one_word_latin_form_of_a_firm_or_body_is_a_very_common_word(config):
    """A company's, product's or organisation's one-word Latin form that is among the most frequent
    words of a language the bot reads must be exact-case (or an acronym, which matches as written)."""
    offenders = []
    for ent in config.entities:
        if ent.exact_case or ent.type not in ("company", "product", "organisation"):
            continue
        for form in (ent.name, *ent.aliases):
            if " " in form or has_cjk(form) or _is_acronym(form) or form in FREQUENT_BRANDS:
                continue
            top = max(zipf(form.casefold(), language) for language in READ_LANGUAGES)
            if top >= 5.0:
                offenders.append((ent.name, form, top))
    assert offenders == []
