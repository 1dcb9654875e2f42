"""Main text of an HTML article page (pure: a string in, title and text out).

trafilatura finds the article body and drops navigation, sidebars, comments and "related" lists;
when its own heuristics find too little it already falls back to jusText and readability, which
is the cross-check flat pages need. If everything fails (a fragment, a page with no prose) the
page's <article> or body is flattened as a last resort. Nothing here touches the network: the
page is parsed from the string it is given.
"""

from __future__ import annotations

import re

from bot.core.text import collapse_space, html_to_text

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.IGNORECASE | re.DOTALL)
_NOISE = re.compile(r"<(nav|header|footer|aside|form)\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)
_SHORT_PAGE = 200  # below this much extracted text the extractor's guess is worth a second look


def extract_article(page: str) -> tuple[str, str]:
    """(title, main text). The title is trafilatura's (og:title, then <h1>, then <title>), else the first <h1>."""
    if not page or not page.strip():
        return "", ""
    try:
        title, text = _trafilatura(page)
    except Exception:  # a parser failure on hostile markup must not lose the article: fall back below
        title, text = "", ""
    if not title:
        match = _H1.search(page) or _TITLE.search(page)
        title = collapse_space(html_to_text(match.group(1))) if match else ""
    if len(text) < _SHORT_PAGE:
        fallback = _flatten(page)
        if len(fallback) > len(text):
            text = fallback
    return title, _drop_leading_title(title, text)


def _trafilatura(page: str) -> tuple[str, str]:
    import trafilatura  # imported here: 0.2 s at import, and only .html input needs it

    doc = trafilatura.bare_extraction(
        page,
        favor_precision=True,  # an alert prefers losing a paragraph to carrying a sidebar
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
    )
    if doc is None:
        return "", ""
    return collapse_space(doc.title or ""), doc.text or ""


def _flatten(page: str) -> str:
    article = _ARTICLE.search(page)
    scope = article.group(1) if article else page
    return html_to_text(_NOISE.sub(" ", scope))


def _drop_leading_title(title: str, text: str) -> str:
    if title and text.startswith(title):
        return text[len(title):].lstrip()
    return text
