"""Greek and Cyrillic names in Latin letters, each language by its own scheme. Names written for these tests."""

from __future__ import annotations

import pytest

from bot.core.romanize import needs_romanizing, romanize
from bot.core.summarise import summarise


@pytest.mark.parametrize(("name", "lang", "latin"), [
    ("Κώστας Μαυρομμάτης", "el", "Kostas Mavrommatis"),
    ("Ευάγγελος Βενιζέλος", "el", "Evangelos Venizelos"),
    ("Ντόρα Μπακογιάννη", "el", "Dora Bakogianni"),
    ("Ευτυχία Κεφαλά", "el", "Eftychia Kefala"),
    ("Ольга Скоробогатова", "ru", "Olga Skorobogatova"),
    ("Олег Гороховський", "uk", "Oleh Horokhovskyi"),
    ("Юлія Свириденко", "uk", "Yuliia Svyrydenko"),
    ("Бойко Борисов", "bg", "Boyko Borisov"),
    ("Александар Вучић", "sr", "Aleksandar Vučić"),
])
def test_each_language_by_its_scheme(name, lang, latin):
    assert needs_romanizing(name)
    assert romanize(name, lang) == latin


def test_latin_names_stay_as_written():
    assert not needs_romanizing("Zhang Qingsong")
    assert romanize("Zhang Qingsong", "el") == "Zhang Qingsong"


@pytest.mark.parametrize(("lang", "title", "body", "latin"), [
    ("el", "Νέα μονάδα συσκευασίας στη Ζαγορά",
     "Ο πρόεδρος του συνεταιρισμού Κώστας Μαυρομμάτης εγκαίνιασε τη νέα μονάδα. Ο Κώστας Μαυρομμάτης είπε ότι "
     "η παραγωγή θα διπλασιαστεί μέσα σε δύο χρόνια.", "Kostas Mavrommatis"),
    ("uk", "Монобанк запускає нову картку",
     "Співзасновник банку Олег Гороховський представив нову картку для підлітків. Олег Гороховський заявив, що "
     "картка буде безкоштовною.", "Oleh Horokhovskyi"),
])
def test_an_unknown_name_is_shown_in_latin_letters(gazetteer, lang, title, body, latin):
    s = summarise(title, body, gazetteer, language=lang)
    assert latin in s.entities, s.entities
    assert not any(needs_romanizing(n) for n in s.entities)


@pytest.mark.parametrize(("name", "latin"), [
    ("Сергей Митрохин", "Sergei Mitrokhin"),  # a final -ей is -ei
    ("Николай Рыбаков", "Nikolai Rybakov"),
    ("Дмитрий Баканов", "Dmitry Bakanov"),  # a final -ий is -y
    ("Алексей Ратманский", "Aleksei Ratmansky"),
    ("Олег Артемьев", "Oleg Artemyev"),  # е after a sign is ye
    ("Евгений Ельцин", "Yevgeny Yeltsin"),  # and opening a word
    ("Валерий Гергиев", "Valery Gergiev"),  # but after и it is e
    ("Мария Захарова", "Maria Zakharova"),  # a final -ия is -ia
    ("Сергей Шойгу", "Sergei Shoigu"),  # й before a consonant is i
    ("Лев Толстой", "Lev Tolstoy"),  # a final -ой stays
])
def test_russian_names_as_the_english_language_press_spells_them(name, latin):
    assert romanize(name, "ru") == latin
