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
