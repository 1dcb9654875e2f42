"""An article to its alert: the cleaned headline, the language and the key entities."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.entities import Gazetteer, mentions, unknown_names
from bot.core.text import collapse_space, fold, html_to_text, normalise_space_lines, normalise_typography
from bot.types import Summary

LANGUAGES = ("it", "en", "de", "fr", "es", "zh")
HEADLINE_MAX = 120
MAX_ENTITIES = 6

# A line that opens the page's trailing furniture: everything from it on is not the article.
_TAIL_MARKERS = {
    fold(m)
    for m in (
        "Articoli correlati", "Leggi anche", "Potrebbe interessarti", "Ti potrebbe interessare", "Related articles",
        "Related", "Read more", "Read also", "More from", "You may also like", "Recommended", "Most read",
        "Ähnliche Artikel", "Mehr zum Thema", "Das könnte Sie auch interessieren", "Lesen Sie auch",
        "Lire aussi", "À lire aussi", "A lire aussi", "Sur le même sujet", "Articles liés", "Artículos relacionados",
        "Lee también", "Te puede interesar", "Noticias relacionadas", "相关阅读", "相关文章", "延伸阅读", "相關閱讀",
        "相關文章", "延伸閱讀", "推荐阅读",
    )
}
# Share-button and cookie lines, wherever they sit.
_FURNITURE = re.compile(
    r"^(?:(?:share|condividi|teilen|partager|compartir|tweet|pin|email|e-mail|whatsapp|print|stampa)\b.*"
    r"(?:facebook|twitter|pinterest|linkedin|whatsapp|telegram|e-mail|email|x\.com)|"
    r".*\b(?:cookie|cookies)\b.*\b(?:accept|accetta|consent|consenso|akzeptieren|accepter|aceptar|privacy|policy)\b.*)$",
    re.IGNORECASE,
)
_SITE_SUFFIX = re.compile(r"\s+(?:[|·•»]|[-–—]{1,2}|::)\s+([^|·•»–—]{1,40})$")


def clean_body(text: str, language: str | None = None) -> str:
    """Article text with the page furniture removed: share lines, cookie notices, repeated captions, related lists."""
    text = normalise_typography(normalise_space_lines(text), language)
    lines = text.split("\n")
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        key = fold(stripped).rstrip(":").strip()
        if key in _TAIL_MARKERS:
            break
        if stripped and _FURNITURE.match(stripped):
            continue
        kept.append(stripped)
    # A short line printed twice in a row is a photo caption ("Jack Ma" / "Jack Ma"), not prose.
    out: list[str] = []
    nonblank = [ln for ln in kept if ln]
    repeated = {a for a, b in zip(nonblank, nonblank[1:], strict=False) if a == b and len(a.split()) <= 8}
    for line in kept:
        if line and line in repeated:
            continue
        out.append(line)
    return normalise_space_lines("\n".join(out))


def clean_headline(title: str, fallback_text: str = "") -> str:
    """The title as an editor would print it: one line, no site suffix, at most 120 characters."""
    headline = collapse_space(html_to_text(title)) if title else ""
    headline = normalise_typography(headline)
    match = _SITE_SUFFIX.search(headline)
    if match and _looks_like_site(match.group(1)) and len(headline) - len(match.group(0)) >= 15:
        headline = headline[: match.start()].rstrip()
    if not headline:
        headline = _first_sentence(fallback_text)
    return _cut(headline, HEADLINE_MAX)


def _looks_like_site(segment: str) -> bool:
    words = segment.split()
    if re.search(r"\.[a-z]{2,}$", segment, re.IGNORECASE):
        return True  # ANSA.it, lastampa.it
    return 1 <= len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _first_sentence(text: str) -> str:
    text = collapse_space(text)
    match = re.search(r"(.+?[.!?。！？])(\s|$)", text)
    return match.group(1) if match else text


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


_TYPE_WEIGHT = {"company": 1.0, "product": 1.0, "person": 0.9, "organisation": 0.6, "place": 0.5}


@lru_cache(maxsize=1)
def _identifier():
    # The model ships inside py3langid's wheel; loading it reads package data, never the network.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str) -> str:
    """ISO 639-1 code among the languages we serve."""
    sample = text[:2000]
    if not sample.strip():
        return "en"
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    if cjk >= 10 or cjk > len(sample) * 0.2:
        return "zh"
    lang, _score = _identifier().classify(sample)
    return str(lang)


def summarise(title: str, body: str, gazetteer: Gazetteer, language: str | None = None) -> Summary:
    """Headline, language and key entities of one article. Pure: same input, same summary."""
    raw_title = collapse_space(html_to_text(title))
    lang = language or detect_language(f"{raw_title}\n{body}")
    text = clean_body(body, lang)
    title_clean = normalise_typography(raw_title, lang)
    headline = clean_headline(title_clean, text)
    found = mentions(gazetteer, headline, text, lang)
    scored: dict[str, float] = {}
    types: dict[str, str] = {}
    total = max(1, len(headline) + len(text))
    for m in found:
        # Places and publishers recur in every story; companies, products and people are what it is about.
        weight = _TYPE_WEIGHT.get(m.type, 1.0)
        scored[m.name] = 3.0 * m.in_title + weight * (min(m.count, 5) + 2.0 - m.first_offset / total)
        types[m.name] = m.type
    known_spans = [(h.start, h.end) for h in gazetteer.find(text)]
    for name, (count, first) in unknown_names(text, known_spans).items():
        if fold(name) in {fold(n) for n in scored}:
            continue
        in_title = fold(name) in fold(headline)
        scored[name] = 3.0 * in_title + min(count, 5) * 0.75 + 0.5 - first / total
    ranked = sorted(scored, key=lambda n: -scored[n])[:MAX_ENTITIES]
    return Summary(
        headline=headline,
        language=lang,
        entities=tuple(ranked),
        entity_types={n: types[n] for n in ranked if n in types},
        mentions=tuple(found),
        title=title_clean,
        text=text,
    )
