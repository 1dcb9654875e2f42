"""The words users read, in their language.

Every text the bot sends is a gettext message id (the English text) translated through the catalogue
of the chat's language. Pure code takes a ``gettext.NullTranslations`` (or subclass) as an argument,
so it never reads a catalogue itself; this module loads them.

Catalogues are Babel ``.po`` files under ``bot/locales/<lang>/LC_MESSAGES/messages.po``, read at run
time: no compile step, so a pip-installed wheel and a source checkout behave alike. A new language is
a new catalogue directory and nothing else (``pybabel init -i messages.pot -d bot/locales -l fr``).
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.types import Topic

DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"


def _catalogue_languages() -> tuple[str, ...]:
    root = resources.files("bot") / "locales"
    if not root.is_dir():
        return ()
    return tuple(sorted(p.name for p in root.iterdir()
                        if p.is_dir() and (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()))


# English is the message ids themselves; every other language is a catalogue on disk.
SUPPORTED: tuple[str, ...] = tuple(dict.fromkeys((DEFAULT_LANGUAGE, *_catalogue_languages())))


def catalogue_path(language: str):
    return resources.files("bot") / "locales" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str | None) -> gettext.NullTranslations:
    """The catalogue for ``language``; English (the message ids themselves) when there is none."""
    if not language or language == DEFAULT_LANGUAGE or language not in SUPPORTED:
        return gettext.NullTranslations()
    with catalogue_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=DOMAIN)
    # GNUTranslations reads only .mo bytes: compile in memory, once per language per process.
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def pick_language(chosen: str | None, telegram_code: str | None) -> str:
    """The chat's /lang choice, else the user's Telegram language when supported, else English."""
    for code in (chosen, (telegram_code or "").split("-")[0].lower()):
        if code and code in SUPPORTED:
            return code
    return DEFAULT_LANGUAGE


def topic_name(topic: Topic, language: str | None) -> str:
    """The topic's name in ``language`` when the config gives one, else its main name."""
    return topic.name_in(language)
