"""The words users read, in their language.

Every text the bot sends is a gettext message id (the English text) translated through the catalogue
of the chat's language. Pure code takes a ``gettext.NullTranslations`` (or subclass) as an argument,
so it never reads a catalogue itself; this module loads them.
"""

from __future__ import annotations

import gettext

DEFAULT_LANGUAGE = "en"
SUPPORTED: tuple[str, ...] = ("en",)


def translations(language: str | None) -> gettext.NullTranslations:
    """The catalogue for ``language``; English (the message ids themselves) when there is none."""
    return gettext.NullTranslations()


def pick_language(chosen: str | None, telegram_code: str | None) -> str:
    """The chat's /lang choice, else the user's Telegram language when supported, else English."""
    for code in (chosen, (telegram_code or "").split("-")[0].lower()):
        if code and code in SUPPORTED:
            return code
    return DEFAULT_LANGUAGE
