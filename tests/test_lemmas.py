"""The lemma door: languages the identifier names and the dictionaries spell differently, or lack."""

from bot.core import lemmas
from bot.core.summarise import summarise


def test_norwegian_code_reads_the_bokmal_dictionary():
    # py3langid answers "no"; simplemma only knows "nb"/"nn" and raised ValueError on "no".
    assert lemmas.dictionary_language("no") == "nb"
    assert lemmas.is_known("betalinger", "no")
    assert lemmas.lemmatize("betalinger", "no") == "betaling"


def test_a_language_without_dictionary_knows_no_word_and_keeps_words_as_written():
    assert lemmas.dictionary_language("zh") is None
    assert not lemmas.is_known("hello", "xx")
    assert lemmas.lemmatize("payments", "xx") == "payments"


def test_a_norwegian_article_is_summarised(gazetteer):
    body = ("Oslo (NTB): Vipps og MobilePay har slått seg sammen, og betalingsappen brukes nå av millioner. "
            "Ifølge selskapet Harald Nordby vokser mobilbetalinger raskt i Norge og Danmark i år. "
            "Administrerende direktør Rune Garborg sier at flere butikker tar imot betalinger med telefonen.")
    summary = summarise("Vipps MobilePay vokser i Norden", body, gazetteer, language="no")
    assert summary.language == "no"
    assert summary.title == "Vipps MobilePay vokser i Norden"


def test_a_norwegian_given_name_is_checked_against_the_bokmal_words():
    # The path that raised "Unsupported language: no" on a Norwegian article of a blind set.
    from bot.core.entities import _given_name_before_surname

    assert _given_name_before_surname([(0, "Ragnhild"), (9, "Nordby")], "no")
    assert not _given_name_before_surname([(0, "Betalinger"), (11, "Nordby")], "no")
