"""Alerts as Telegram HTML. Everything from a feed is escaped; only our own tags reach Telegram."""

from __future__ import annotations

import gettext
import html

from telegram.constants import MessageLimit

from bot.types import Reason, Summary

ENGLISH = gettext.NullTranslations()  # the message ids themselves


def N_(msgid: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction, translate later"
    return msgid


LANGUAGE_NAMES = {"it": N_("Italian"), "en": N_("English"), "de": N_("German"), "fr": N_("French"),
                  "es": N_("Spanish"), "zh": N_("Chinese")}


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


def _why(reasons: list[Reason], tr: gettext.NullTranslations) -> str:
    return tr.gettext("Why: {reasons}").format(reasons="; ".join(describe_reason(r, tr) for r in reasons))


def format_alert(summary: Summary, link: str, source: str, reasons: list[Reason],
                 tr: gettext.NullTranslations = ENGLISH) -> str:
    """One HTML message: bold headline, source and language, key entities, the link, and why it was sent."""
    lines = [f"<b>{esc(summary.headline)}</b>"]
    meta = esc(source)
    if summary.language in LANGUAGE_NAMES:
        meta += f" · {tr.gettext(LANGUAGE_NAMES[summary.language])}"
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
