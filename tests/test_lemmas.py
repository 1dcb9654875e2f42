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
    from bot.core.name_shapes import given_name_before_surname

    assert given_name_before_surname([(0, "Ragnhild"), (9, "Nordby")], "no")
    assert not given_name_before_surname([(0, "Betalinger"), (11, "Nordby")], "no")


# --- the tries behind the door (bot/lemma_tables.py) ---

import gc  # noqa: E402
import logging  # noqa: E402
import random  # noqa: E402

import pytest  # noqa: E402
import simplemma  # noqa: E402
from wordfreq import top_n_list  # noqa: E402

from bot import lemma_tables, runtime  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.conftest import CONFIG_PATH  # noqa: E402


@pytest.fixture
def door_restored():
    before = lemmas.dictionaries()
    yield
    lemmas.use_dictionaries(before)


def _words(lang: str) -> list[str]:
    rng = random.Random(7)
    real = top_n_list(lang, 3000)
    made = ["".join(rng.choice(("ka", "lo", "mi", "ne", "ru", "dor", "ban")) for _ in range(3)) for _ in range(200)]
    return real + [w.capitalize() for w in real[:300]] + [w + "s" for w in real[:300]] + made


@pytest.mark.parametrize("lang", ["en", "it", "fr"])
def test_tries_answer_exactly_what_simplemmas_own_store_answers(tmp_path, door_restored, lang):
    lemma_tables.install(tmp_path)
    words = _words(lang)
    assert [lemmas.lemmatize(w, lang) for w in words] == [
        simplemma.lemmatize(w, lang=lang, low_memory=True) for w in words]
    assert [lemmas.is_known(w, lang) for w in words] == [
        simplemma.is_known(w, lang=lang, low_memory=True) for w in words]
    assert (tmp_path / f"{lang}.marisa").exists()  # built once, kept for the next process


def test_a_built_trie_is_reused_not_rebuilt(tmp_path, door_restored, monkeypatch):
    lemma_tables.TrieDictionaries(tmp_path).get_dictionary("en")
    monkeypatch.setattr(lemma_tables.TrieDictionaries, "_build", lambda self, lang: pytest.fail("rebuilt"))
    lemma_tables.install(tmp_path)
    assert lemmas.lemmatize("payments", "en") == "payment"


def test_a_corrupt_trie_is_rebuilt(tmp_path, door_restored):
    (tmp_path / "en.marisa").write_bytes(b"not a trie at all")
    lemma_tables.install(tmp_path)
    assert lemmas.lemmatize("payments", "en") == "payment"
    assert (tmp_path / "en.marisa").stat().st_size > 100_000


def test_no_writable_cache_falls_back_to_the_slow_store_with_a_warning(tmp_path, door_restored, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    lemma_tables.install(blocker / "cache")  # a directory under a file can never be made
    with caplog.at_level(logging.WARNING, logger="bot.lemma_tables"):
        assert lemmas.lemmatize("payments", "en") == "payment"
    assert "slower low-memory store" in caplog.text


def test_the_running_bot_reads_lemmas_from_tries(tmp_path, door_restored, monkeypatch):
    from bot.app import build_application

    threshold = gc.get_threshold()
    monkeypatch.setenv(lemma_tables.CACHE_ENV, str(tmp_path))
    store = Store(str(tmp_path / "bot.db"))
    try:
        build_application(load_config(CONFIG_PATH), store, "1:token", base_url="http://127.0.0.1:9/bot")
        assert isinstance(lemmas.dictionaries(), lemma_tables.TrieDictionaries)
        assert gc.get_threshold()[0] == runtime.YOUNG_THRESHOLD  # matching's temporaries die young
        assert lemmas.lemmatize("pagamenti", "it") == "pagamento"
        assert (tmp_path / "lemmas").is_dir()
    finally:
        store.close()
        gc.set_threshold(*threshold)


def test_workers_sharing_a_cache_build_a_language_once(tmp_path, door_restored, monkeypatch):
    import threading

    builds = []
    real_build = lemma_tables.TrieDictionaries._build

    def counted(self, lang):
        builds.append(lang)
        return real_build(self, lang)

    monkeypatch.setattr(lemma_tables.TrieDictionaries, "_build", counted)
    # Two stores on one directory stand for two worker processes: only the file lock is shared.
    stores = [lemma_tables.TrieDictionaries(tmp_path), lemma_tables.TrieDictionaries(tmp_path)]
    threads = [threading.Thread(target=s.get_dictionary, args=("en",)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert builds == ["en"]
    assert all(s.get_dictionary("en").get("payments") == "payment" for s in stores)


def test_a_build_killed_at_its_timeout_leaves_no_temporary_file(tmp_path, door_restored, monkeypatch, caplog):
    import subprocess

    def killed(*args, **kwargs):
        (tmp_path / ".en.abc123.tmp").write_bytes(b"half a trie")  # what a killed child leaves
        raise subprocess.TimeoutExpired(args[0], lemma_tables.BUILD_TIMEOUT_S)

    monkeypatch.setattr(lemma_tables.subprocess, "run", killed)
    lemma_tables.install(tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.lemma_tables"):
        assert lemmas.lemmatize("payments", "en") == "payment"  # the slow store answers meanwhile
    assert not list(tmp_path.glob("*.tmp"))
