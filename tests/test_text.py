"""Text normalisation per language and boilerplate removal, one kind at a time."""

from __future__ import annotations

import pytest

from bot.core.summarise import agency_credits, clean_body
from bot.core.text import is_common_word, normalise_typography


@pytest.mark.parametrize(
    "raw, language, expected",
    [
        # Typographic quotes and apostrophes, every language.
        ("“Spero” disse l’amministratore", "it", '"Spero" disse l\'amministratore'),
        ("„Wir sind bereit“, sagte er", "de", '"Wir sind bereit", sagte er'),
        ("« C’est prêt », a-t-il dit", "fr", '"C\'est prêt", a-t-il dit'),  # the guillemets' spaces go too
        ("Il a dit «\u00a0non\u00a0» hier", "fr", 'Il a dit "non" hier'),
        ("‘Quoted’ and “double”", "en", "'Quoted' and \"double\""),
        ("«Es un éxito», dijo", "es", '"Es un éxito", dijo'),
        # Italian accents typed as apostrophes: the listed words and any word the dictionary knows accented.
        ("E' pronto e piu' grande, perche' sara' cosi'", "it", "È pronto e più grande, perché sarà così"),
        ("la collaborazione rendera' tutto facile", "it", "la collaborazione renderà tutto facile"),
        ("Un po' di tutto, a mo' di esempio", "it", "Un po' di tutto, a mo' di esempio"),
        # Elisions typed with a space.
        ("l' amministratore dell' azienda, un' idea", "it", "l'amministratore dell'azienda, un'idea"),
        ("l' Europe qu' il veut, jusqu' au bout", "fr", "l'Europe qu'il veut, jusqu'au bout"),
        # Other languages keep their apostrophes as they are.
        ("the CEO' s", "en", "the CEO' s"),
        ("e' la", "en", "e' la"),
    ],
)
def test_normalisation_per_language(raw, language, expected):
    assert normalise_typography(raw, language) == expected


def test_chinese_text_is_untouched_by_normalisation():
    assert normalise_typography("腾讯的微信支付用户超过8亿。", "zh") == "腾讯的微信支付用户超过8亿。"


@pytest.mark.parametrize(
    "line",
    [
        "Share on FacebookTweet about this on TwitterPin on PinterestShare on LinkedIn",
        "Condividi su Facebook WhatsApp",
        "Teilen: Facebook | Twitter | E-Mail",
        "Partager sur Facebook Partager sur X",
        "Compartir en WhatsApp",
        "Share this article: Facebook Twitter LinkedIn Email",
        "分享到微信 微博",
    ],
)
def test_share_rows_go(line):
    assert clean_body(f"Real text.\n{line}\nMore real text.") == "Real text.\nMore real text."


def test_a_sentence_naming_facebook_stays():
    text = "Facebook will share its data with Twitter, the company said."
    assert clean_body(text) == text


@pytest.mark.parametrize(
    "line",
    [
        "This site uses cookies. By continuing you accept our cookie policy.",
        "Questo sito utilizza cookie tecnici e di profilazione. Continuando la navigazione accetti.",
        "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie der Datenschutzerklärung zu.",
        "Ce site utilise des cookies pour améliorer votre expérience.",
        "Utilizamos cookies propias y de terceros. Más información en nuestra política de privacidad.",
    ],
)
def test_cookie_notices_go(line):
    assert clean_body(f"Real text.\n{line}\nMore real text.") == "Real text.\nMore real text."


@pytest.mark.parametrize(
    "marker",
    ["Articoli correlati", "Leggi anche:", "Related articles", "Read more", "Ähnliche Artikel", "Mehr zum Thema",
     "Lire aussi", "À lire également", "Artículos relacionados", "Te puede interesar", "相关阅读", "延伸閱讀"],
)
def test_everything_after_a_related_marker_goes(marker):
    assert clean_body(f"The story itself.\n\n{marker}\n\nAnother story about Google\nAnd one more") == "The story itself."


def test_a_caption_printed_twice_goes_wherever_it_sits():
    body = "Jack Ma\nThe founder spoke today.\nJack Ma\nHe said more."
    assert clean_body(body) == "The founder spoke today.\nHe said more."


def test_a_repeated_sentence_is_prose_and_stays():
    body = "He said yes.\nThen he said yes.\nHe said yes."
    assert clean_body(body) == body


@pytest.mark.parametrize(
    "body, expected, agency",
    [
        ("(ASCA) Alibaba apre a Apple.", "Alibaba apre a Apple.", "ASCA"),
        ("sul mercato cinese. (Asca, 28 ottobre 2014).", "sul mercato cinese.", "Asca"),
        ("Madrid (EFE).- Bizum crece.", "Madrid - Bizum crece.", "EFE"),
        ("Frankfurt/Main (dpa) - Der Dienst wächst.", "Frankfurt/Main - Der Dienst wächst.", "dpa"),
        ("The shares fell.\n© Reuters", "The shares fell.", "Reuters"),
        ("Il titolo sale.\nFoto: ANSA", "Il titolo sale.", "ANSA"),
        ("Les ventes progressent.\nAFP", "Les ventes progressent.", "AFP"),
        ("UPI grows.\n(IANS)", "UPI grows.", "IANS"),
    ],
)
def test_agency_credits_go_and_are_recorded(body, expected, agency):
    assert clean_body(body) == expected
    assert agency_credits(body) == [agency]


def test_an_agency_named_in_a_sentence_stays():
    text = "Secondo l'agenzia Reuters il governo ha deciso."
    assert clean_body(text, "it") == text
    assert agency_credits(text) == []


@pytest.mark.parametrize(
    "word, language, common",
    [
        ("Secondo", "it", True), ("Kunden", "de", True), ("Unwetterwarnung", "de", True), ("Canadian", "en", True),
        ("David", "en", False), ("Mario", "it", False), ("Samsung", "de", False), ("Tripidi", "de", False),
    ],
)
def test_common_words_are_told_from_names(word, language, common):
    assert is_common_word(word, language) is common


def test_german_guillemets_keep_their_outer_spaces():
    assert normalise_typography("Er sagte »Wir sind bereit« und ging.", "de") == 'Er sagte "Wir sind bereit" und ging.'


def test_fold_removes_every_combining_mark_this_python_knows_and_keeps_ascii_as_lowercase():
    import unicodedata

    from bot.core import text as text_module
    from bot.core.text import fold

    assert not any(unicodedata.combining(chr(cp)) for cp in range(text_module._MARKS_END, 0x110000))
    # (U+0345 casefolds to a letter, iota, before marks are removed: it is left out here)
    marks = "".join(chr(cp) for cp in text_module._combining_marks() if chr(cp).casefold() == chr(cp))
    assert fold("e" + marks + "X") == "ex"
    assert fold("Crédit `Agricole` ÉTÉ") == "credit 'agricole' ete"
    assert fold("PAY `n` GO 123") == "pay 'n' go 123"
    assert fold("Straße ﬁ") == "strasse fi"  # casefold and NFKC still apply beyond ASCII
