"""Bylines in the forms pages give them, in many languages: the writer and the photographer are not what
the story is about. Lines written for these tests."""

from __future__ import annotations

import pytest

from bot.core.furniture import is_byline
from bot.core.summarise import clean_body, summarise

PROSE = ("The central bank said on Tuesday that instant payments grew by a third last year, and that the new "
         "scheme would reach every bank in the country by June.")


@pytest.mark.parametrize("line", [
    "di Lorenza Ferretti", "von Matthias Berger", "de Ioana Popescu", "Oleh Rahmat Hidayat",
    "Penulis Siti Aminah | Editor Bambang Wijaya", "Reporter: Agus Salim | Editor: Dewi Lestari",
    "Van onze redacteur Pieter de Boer", "Par Claire Dubois (Pékin, correspondante)", "Par Claire Dubois avec AFP",
    "di Paolo Rossi e Giulia Neri | 4 marzo 2025", "Opublikowano: 12.03.2025, 09:15 · Autor: Jan Kowalski",
    "Fot. Jan Kowalski / Radio Lublin", "Text: Karin Holm  Foto: Lars Berg  12 mars 2025",
    "Door Sportredactie  ·  30 augustus 2024, 21:47", "του Γιώργου Παπαδόπουλου",
])
def test_bylines_in_many_forms(line):
    assert is_byline(line)
    assert clean_body(f"{line}\n\n{PROSE}") == PROSE


@pytest.mark.parametrize("line", [
    "De Madrid a Barcelona en tren", "Di Maio ha detto che il governo andrà avanti.", "Editor de texto Word",
    "Foto del giorno", "Autor del libro", "By the end of the year, Apple will sell more phones than ever before.",
])
def test_lines_that_open_like_bylines_stay(line):
    assert not is_byline(line)


@pytest.mark.parametrize(("name", "date"), [
    ("Lena Hartmann", "04.12.2026, 05.30 Uhr"), ("Marta Soares | Porto", "9.out.2025 às 14h00"),
    ("Beatriz de la Fuente", "Sevilla - 26 may 2025 - 13:47 CEST"),
])
def test_a_writers_name_alone_over_the_date_is_no_entity(gazetteer, name, date):
    body = f"Economía\nLos pagos instantáneos crecen un tercio\n{name}\n{date}\n{PROSE}"
    s = summarise("Instant payments grow by a third", body, gazetteer, language="en")
    assert name.split(" |")[0] not in s.entities
    assert name.split(" |")[0] not in s.text


def test_a_name_alone_in_the_story_stays(gazetteer):
    body = f"{PROSE}\nLena Hartmann\nThe bank's governor, Lena Hartmann, said the scheme would be free for shops."
    assert "Lena Hartmann" in summarise("Instant payments grow", body, gazetteer, language="en").entities


def test_a_mid_body_mas_informacion_box_does_not_end_the_story(config, gazetteer):
    from tests.test_match import hits
    body = ("En apenas siete días, tres de los grandes nombres de la inteligencia artificial en China han lanzado "
            "nuevos modelos, y los precios de uso se desploman.\nMás información\nDeepSeek, la start-up que sacudió "
            "Silicon Valley\nEstados Unidos amplía el veto a los chips de Nvidia\nEl avance se produce pese a las "
            "restricciones de Washington a la exportación de chips avanzados. Las compañías chinas han recurrido a "
            "procesadores de Huawei y a técnicas de entrenamiento más eficientes.")
    assert "huawei" in hits(config, gazetteer, "La IA china acelera", body, "huawei")


def test_chinese_prose_resumes_after_a_related_reading_box(config, gazetteer):
    from tests.test_match import hits
    body = ("微信支付外卡绑定交易额今年增长三倍，境外游客可以直接扫码乘地铁。\n【相关阅读】\n• 入境游持续升温 前三季度外国人入境人次创新高\n"
            "• 央行进一步优化支付服务\n业内人士指出，此前不少外国游客抱怨在中国“带现金不方便、扫码又用不了”。支付宝今年也推出了类似服务，"
            "并与多家境外电子钱包实现互联互通。")
    assert "alipay" in hits(config, gazetteer, "微信支付外卡绑定交易额增长三倍", body, "alipay")
