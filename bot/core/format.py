"""Alerts as Telegram HTML. Everything from a feed is escaped; only our own tags reach Telegram."""

from __future__ import annotations

import gettext
import html
from functools import lru_cache

from telegram.constants import MessageLimit

from bot.types import Reason, Summary, Topic

ENGLISH = gettext.NullTranslations()  # the message ids themselves


def N_(msgid: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction, translate later"
    return msgid


LANGUAGE_NAMES = {"it": N_("Italian"), "en": N_("English"), "de": N_("German"), "fr": N_("French"),
                  "es": N_("Spanish"), "zh": N_("Chinese")}


@lru_cache(maxsize=1024)
def language_name(code: str, in_language: str = "en") -> str | None:
    """The name of the language ``code`` written in ``in_language``, from CLDR (Babel's data, inside its
    wheel): ``("da", "en")`` -> "Danish", ``("da", "it")`` -> "danese"; ``None`` for a code CLDR lacks.
    Every language the identifier may name gets a label, not only those with a catalogue."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(in_language.replace("-", "_")).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    return names.get(code) if code else None


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def describe_reason(reason: Reason, tr: gettext.NullTranslations = ENGLISH) -> str:
    if reason.kind == "topic":
        if reason.hits:
            return tr.gettext("topic {name} ({hits})").format(name=reason.label, hits=", ".join(reason.hits))
        return tr.gettext("topic {name}").format(name=reason.label)
    if reason.kind == "entity":
        return tr.gettext("you follow {name}").format(name=reason.label)
    return tr.gettext("you follow “{term}”").format(term=reason.label)


def localise_reasons(reasons: list[Reason], topics: tuple[Topic, ...], language: str | None) -> list[Reason]:
    """Topic reasons named in ``language``: a follow keeps the name it had when it was made, and the
    chat may have changed its language since."""
    by_name = {spelling.casefold(): t for t in topics for spelling in (t.name, *(n for _l, n in t.names))}
    out = []
    for r in reasons:
        topic = by_name.get(r.label.casefold()) if r.kind == "topic" else None
        out.append(Reason(r.kind, topic.name_in(language), r.hits) if topic else r)
    return out


def _why(reasons: list[Reason], tr: gettext.NullTranslations) -> str:
    return tr.gettext("Why: {reasons}").format(reasons="; ".join(describe_reason(r, tr) for r in reasons))


def format_alert(summary: Summary, link: str, source: str, reasons: list[Reason],
                 tr: gettext.NullTranslations = ENGLISH, ui_language: str = "en") -> str:
    """One HTML message: bold headline, source and language, key entities, the link, and why it was sent.
    ``ui_language`` is the chat's: the article's language is named in it."""
    lines = [f"<b>{esc(summary.headline)}</b>"]
    meta = esc(source)
    name = language_name(summary.language, ui_language)
    if name:
        meta += f" · {esc(name)}"
    lines.append(f"<i>{meta}</i>")
    if summary.entities:
        lines.append("🏷 " + esc(", ".join(summary.entities)))
    if link:
        read = tr.gettext("Read the article")
        lines.append(f'<a href="{html.escape(link, quote=True)}">{esc(read)}</a>')
    if reasons:
        lines.append(esc(_why(reasons, tr)))
    text = "\n".join(lines)
    if len(text) > MessageLimit.MAX_TEXT_LENGTH:  # only a pathological feed gets here; keep the alert valid
        text = "\n".join([f"<b>{esc(summary.headline[:300])}</b>", f"<i>{esc(source[:200])}</i>"])
    return text


def format_alert_plain(summary: Summary, link: str, source: str, reasons: list[Reason],
                       tr: gettext.NullTranslations = ENGLISH) -> str:
    """The same alert without markup: the fallback when Telegram refuses the HTML."""
    lines = [summary.headline, source]
    if summary.entities:
        lines.append(", ".join(summary.entities))
    if link:
        lines.append(link)
    if reasons:
        lines.append(_why(reasons, tr))
    return "\n".join(lines)[: MessageLimit.MAX_TEXT_LENGTH]
