"""Declined names: shown in the form they are listed under, or not taken for entities at all."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise


@pytest.mark.parametrize(("lang", "title", "body", "name", "declined"), [
    ("pl", "Sadownicy z Grójca liczą straty",
     "Sadownicy z Grójca liczą straty po przymrozkach. W Grójcu zebrano w tym roku o jedną trzecią mniej jabłek. "
     "Rolnicy z Grójca proszą o pomoc, a burmistrz Grójca zapowiada rozmowy z ministrem.", "Grójec", "Grójca"),
])
def test_a_declined_proper_name_is_shown_as_listed(gazetteer, lang, title, body, name, declined):
    s = summarise(title, body, gazetteer, language=lang)
    assert declined not in s.entities
    assert name in s.entities or any(name in e or e in name for e in s.entities), s.entities


@pytest.mark.parametrize(("lang", "body", "phrase"), [
    ("pl", "Decyzję wydał prezes Urzędu Ochrony Konkurencji i Konsumentów. Eksperci Urzędu Ochrony Konkurencji "
           "przygotowali raport, a według Urzędu Ochrony Konkurencji platforma Temu wprowadzała klientów w błąd.",
     "Urzędu Ochrony Konkurencji"),
    ("tr", "BYD, Manisa Organize Sanayi Bölgesi içinde bir fabrika kuracak. Şirket, Manisa Organize Sanayi "
           "Bölgesi yönetimiyle anlaştı ve Manisa Organize Sanayi Bölgesi içinde 5 bin kişiye iş verecek.",
     "Manisa Organize Sanayi Bölgesi"),
    ("pl", "Minister mówił o Unii Europejskiej. Rolnicy z Unii Europejskiej protestują, a rząd Unii "
           "Europejskiej milczy w sprawie cen jabłek w Unii Europejskiej.", "Unii Europejskiej"),
])
def test_an_institution_in_an_oblique_case_is_not_an_entity(gazetteer, lang, body, phrase):
    s = summarise("Wiadomości", body, gazetteer, language=lang)
    assert phrase not in s.entities, s.entities


def test_a_surname_with_a_case_ending_is_the_same_person(gazetteer):
    body = ("Sąd w Warszawie skazał Wang Weijinga na osiem lat więzienia. Wang Weijing był pracownikiem Huawei. "
            "Obrońca Wang Weijinga zapowiedział apelację, a Wang Weijing nie przyznał się do winy.")
    s = summarise("Wyrok w sprawie szpiegostwa", body, gazetteer, language="pl")
    assert "Wang Weijing" in s.entities and "Wang Weijinga" not in s.entities, s.entities


@pytest.mark.parametrize(("lang", "title", "body", "place"), [
    ("pl", "Rekordowe zbiory jabłek we Włoszech",
     "Sadownicy we Włoszech zebrali rekordowe plony. Ceny jabłek we Włoszech spadły o jedną piątą, "
     "a eksporterzy we Włoszech szukają nowych rynków.", "Italy"),
])
def test_a_place_whose_case_changes_its_stem_is_found_through_its_lemma(gazetteer, lang, title, body, place):
    # "Włoszech" shares only three letters with "Włochy": the dictionary, not the spelling, links them.
    assert place in summarise(title, body, gazetteer, language=lang).entities
