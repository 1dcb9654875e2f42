"""Alerts as Telegram HTML. Everything from a feed is escaped; only our own tags reach Telegram."""

from __future__ import annotations

import html

from telegram.constants import MessageLimit

from bot.types import Reason, Summary

LANGUAGE_NAMES = {"it": "Italian", "en": "English", "de": "German", "fr": "French", "es": "Spanish", "zh": "Chinese"}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def describe_reason(reason: Reason) -> str:
    if reason.kind == "topic":
        hits = f" ({', '.join(reason.hits)})" if reason.hits else ""
        return f"topic {reason.label}{hits}"
    if reason.kind == "entity":
        return f"you follow {reason.label}"
    return f"you follow “{reason.label}”"


def format_alert(summary: Summary, link: str, source: str, reasons: list[Reason]) -> str:
    """One HTML message: bold headline, source and language, key entities, the link, and why it was sent."""
    lines = [f"<b>{esc(summary.headline)}</b>"]
    meta = esc(source)
    if summary.language in LANGUAGE_NAMES:
        meta += f" · {LANGUAGE_NAMES[summary.language]}"
    lines.append(f"<i>{meta}</i>")
    if summary.entities:
        lines.append("🏷 " + esc(", ".join(summary.entities)))
    if link:
        lines.append(f'<a href="{html.escape(link, quote=True)}">Read the article</a>')
    if reasons:
        lines.append("Why: " + esc("; ".join(describe_reason(r) for r in reasons)))
    text = "\n".join(lines)
    if len(text) > MessageLimit.MAX_TEXT_LENGTH:  # only a pathological feed gets here; keep the alert valid
        text = "\n".join([f"<b>{esc(summary.headline[:300])}</b>", f"<i>{esc(source[:200])}</i>"])
    return text


def format_alert_plain(summary: Summary, link: str, source: str, reasons: list[Reason]) -> str:
    """The same alert without markup: the fallback when Telegram refuses the HTML."""
    lines = [summary.headline, source]
    if summary.entities:
        lines.append(", ".join(summary.entities))
    if link:
        lines.append(link)
    if reasons:
        lines.append("Why: " + "; ".join(describe_reason(r) for r in reasons))
    return "\n".join(lines)[: MessageLimit.MAX_TEXT_LENGTH]
