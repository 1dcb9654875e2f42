"""The message catalogues: every message id the code uses has a translation with the same placeholders."""

from __future__ import annotations

import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import DEFAULT_LANGUAGE, SUPPORTED, catalogue_path, pick_language, topic_name, translations
from bot.types import Topic
from tests.conftest import ROOT

OTHER_LANGUAGES = [lang for lang in SUPPORTED if lang != DEFAULT_LANGUAGE]


def source_message_ids() -> set[str | tuple[str, str]]:
    """Every id the code marks (gettext, ngettext, _, N_...), as ``pybabel extract`` would find it."""
    ids: set[str | tuple[str, str]] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS):
            ids.add(message if isinstance(message, str) else tuple(message[:2]))
    return ids


def fields(text: str) -> list[str]:
    return sorted(name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None)


def tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?[a-z]+[^>]*>", text))


def test_the_code_marks_messages():
    ids = source_message_ids()
    assert len(ids) > 100
    assert "Why: {reasons}" in ids and ("{n} feed", "{n} feeds") in ids


def catalogue_problems(path, language: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(ids without a translation, translations whose placeholders or HTML tags differ from the id's)."""
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=language)
    missing, broken = [], []
    for msgid in sorted(source_message_ids(), key=str):
        key = msgid if isinstance(msgid, str) else msgid[0]
        message = catalog.get(key)
        strings = () if message is None else (message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None or message.fuzzy or not all(strings) or (
                isinstance(msgid, tuple) and len(strings) != catalog.num_plurals):
            missing.append(key)
            continue
        originals = msgid if isinstance(msgid, tuple) else (msgid,)
        for translated in strings:
            if fields(translated) != fields(originals[-1]) or tags(translated) != tags(originals[-1]):
                broken.append((key, translated))
    return missing, broken


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_id_has_a_translation_with_the_same_placeholders(language):
    missing, broken = catalogue_problems(str(catalogue_path(language)), language)
    assert not missing, f"{language}: no translation for {missing}"
    assert not broken, f"{language}: placeholders or tags differ: {broken}"


def test_a_missing_or_broken_translation_is_noticed(tmp_path):
    text = catalogue_path("it").read_text(encoding="utf-8")
    cut = text.replace('msgid "Why: {reasons}"\nmsgstr "Perché: {reasons}"\n', "")
    cut = cut.replace('msgstr "Non conosco {command}.', 'msgstr "Non conosco {comando}.')
    assert cut.count("{comando}") == 1 and "Why: {reasons}" not in cut
    po = tmp_path / "messages.po"
    po.write_text(cut, encoding="utf-8")
    missing, broken = catalogue_problems(po, "it")
    assert missing == ["Why: {reasons}"]
    assert [key for key, _t in broken] == ["I don't know {command}. /help lists what I can do."]


def test_italian_catalogue_translates_at_run_time():
    it = translations("it")
    assert isinstance(it, gettext.NullTranslations)
    assert it.gettext("Why: {reasons}") == "Perché: {reasons}"
    assert it.ngettext("{n} feed", "{n} feeds", 2) == "{n} feed"
    assert it.ngettext("This chat follows {n} thing:", "This chat follows {n} things:", 1) == \
        "Questa chat segue {n} elemento:"
    assert translations("en").gettext("Why: {reasons}") == "Why: {reasons}"
    assert translations("xx").gettext("Why: {reasons}") == "Why: {reasons}"


def test_pick_language():
    assert pick_language(None, "it-IT") == "it"
    assert pick_language(None, "IT") == "it"
    assert pick_language("en", "it") == "en"  # /lang wins over Telegram's language
    assert pick_language("it", None) == "it"
    assert pick_language(None, "xx") == DEFAULT_LANGUAGE
    assert pick_language(None, None) == DEFAULT_LANGUAGE
    assert pick_language("xx", "it") == "it"  # a language whose catalogue is gone falls through


def test_supported_languages_are_the_catalogues_on_disk():
    on_disk = {p.parent.parent.name for p in (ROOT / "bot" / "locales").glob("*/LC_MESSAGES/messages.po")}
    assert set(SUPPORTED) == on_disk | {DEFAULT_LANGUAGE}
    assert "it" in SUPPORTED


def test_topic_names_by_language():
    topic = Topic("mobile-payments", "Mobile payments", ("mobile payment",), names=(("it", "Pagamenti mobili"),))
    assert topic_name(topic, "it") == "Pagamenti mobili"
    assert topic_name(topic, "en") == "Mobile payments"
    assert topic_name(topic, None) == "Mobile payments"


def test_the_catalogues_ship_in_the_package():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["bot"]
    shipped = {p for pattern in patterns for p in (ROOT / "bot").glob(pattern)}
    for lang in OTHER_LANGUAGES:
        assert Path(str(catalogue_path(lang))) in shipped
