"""Main text of an HTML article page (pure: a string in, title and text out)."""

from __future__ import annotations

import re

from bot.core.text import collapse_space, html_to_text

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.IGNORECASE | re.DOTALL)
_NOISE = re.compile(r"<(nav|header|footer|aside|form)\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)


def extract_article(page: str) -> tuple[str, str]:
    """(title, main text). Prefers the page's <article>, drops navigation, headers, footers and asides."""
    match = _H1.search(page) or _TITLE.search(page)
    title = collapse_space(html_to_text(match.group(1))) if match else ""
    article = _ARTICLE.search(page)
    scope = article.group(1) if article else page
    scope = _NOISE.sub(" ", scope)
    text = html_to_text(scope)
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    return title, text
