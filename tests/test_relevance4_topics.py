"""Topics in languages the keyword lists did not speak before, and payment schemes named only by their brand.
Texts written for these tests."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise
from tests.test_match import index_for

PAYMENTS = [
    ("ms", "Pembayaran tanpa tunai melonjak di Malaysia",
     "Bank Negara Malaysia berkata pembayaran tanpa tunai meningkat dua kali ganda tahun ini. Pengguna e-dompet "
     "kini boleh membayar dengan kod QR di lebih banyak kedai."),
    ("hr", "Instant plaćanja od siječnja obvezna za sve banke",
     "Banke će od siječnja morati nuditi instant plaćanja, a novac će biti na računu primatelja za deset sekundi. "
     "Mobilno plaćanje raste iz godine u godinu."),
    ("fa", "پرداخت موبایلی سه برابر شد",
     "بانک مرکزی اعلام کرد که پرداخت موبایلی در سال گذشته سه برابر شده است و کیف پول دیجیتال محبوب‌تر شده است."),
    ("bn", "মোবাইল আর্থিক সেবায় লেনদেন বেড়েছে",
     "বাংলাদেশ ব্যাংক জানিয়েছে, মোবাইল আর্থিক সেবায় লেনদেন এক বছরে দ্বিগুণ হয়েছে। ডিজিটাল পেমেন্ট এখন গ্রামেও জনপ্রিয়।"),
    ("en", "DuitNow QR now accepted in South Korea",
     "Malaysian shoppers can now scan DuitNow QR codes at shops in Seoul, the network operator said on Monday."),
]


@pytest.mark.parametrize(("lang", "title", "body"), PAYMENTS, ids=[p[0] for p in PAYMENTS])
def test_payments_stories_in_more_languages(config, gazetteer, lang, title, body):
    s = summarise(title, body, gazetteer, language=lang)
    assert index_for(config, gazetteer, "mobile payments").match(s)


def test_a_chinese_battery_maker_is_chinese_tech(config, gazetteer):
    s = summarise("Čínsky Gotion spustil skúšobnú výrobu batérií",
                  "Spoločnosť Gotion spustila v novej továrni skúšobnú výrobu batérií pre elektromobily. Vláda hovorí "
                  "o investícii storočia.", gazetteer, language="sk")
    assert index_for(config, gazetteer, "chinese tech").match(s)
