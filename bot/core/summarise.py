"""An article to its alert: the cleaned headline, the language and the key entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.core.chinese import titled_people
from bot.core.entities import (
    MAKER_MODEL,
    PRODUCT_SUFFIX,
    Candidate,
    Gazetteer,
    initials,
    is_mixed_case,
    is_sports_text,
    mentions,
    scoreline_sides,
    surname_of,
    unknown_names,
)
from bot.core import salience as sal
from bot.core.furniture import drop_link_blocks
from bot.core.inflection import case_of, resolve_inflected
from bot.core.roles import INFLECTING_LANGUAGES
from bot.core.places import region_names
from bot.core.text import (
    WORDLIST_LANGUAGES,
    collapse_space,
    fold,
    has_cjk,
    html_to_text,
    normalise_space_lines,
    normalise_typography,
)
from bot.types import Mention, Summary

HEADLINE_MAX = 120
MAX_ENTITIES = 6

# A line that opens the page's trailing furniture: everything from it on is not the article.
_TAIL_MARKERS = {
    fold(m)
    for m in (
        "Articoli correlati", "Articoli collegati", "Leggi anche", "Leggi pure", "Potrebbe interessarti",
        "Ti potrebbe interessare", "Potrebbe interessarti anche", "Ultime notizie", "I più letti", "Più letti",
        "Related articles", "Related stories", "Related", "Related news", "Read more", "Read also", "More from",
        "More stories", "You may also like", "You might also like", "Recommended", "Most read", "Most popular",
        "Ähnliche Artikel", "Mehr zum Thema", "Das könnte Sie auch interessieren", "Lesen Sie auch", "Auch interessant",
        "Weitere Artikel", "Meistgelesen", "Lire aussi", "À lire aussi", "A lire aussi", "Lire également",
        "À lire également", "Sur le même sujet", "Articles liés", "Articles similaires", "Les plus lus", "Voir aussi",
        "Artículos relacionados", "Lee también", "Lea también", "Leer más", "Te puede interesar", "Noticias relacionadas",
        "Lo más leído", "Más información", "相关阅读", "相关文章", "延伸阅读", "相關閱讀", "相關文章", "延伸閱讀", "推荐阅读",
        "相关新闻", "相關新聞", "相关报道", "相關報導", "更多阅读", "热门文章", "熱門文章",
    )
}
# An advertisement inside the article: a marker line, then the advert's own line ("OFFERTA SPECIALE -
# POCHI PEZZI DISPONIBILI" / "One Power Zoom: i veri occhiali... CLICCA QUI").
_AD_MARKERS = tuple(
    fold(m)
    for m in (
        "Advertisement", "Advertising", "Sponsored", "Sponsored content", "Promoted", "Special offer", "Ad",
        "Pubblicità", "Annuncio", "Contenuto sponsorizzato", "Offerta speciale", "Promo",
        "Anzeige", "Werbung", "Gesponsert", "Sonderangebot", "Publicité", "Contenu sponsorisé", "Offre spéciale",
        "Publicidad", "Patrocinado", "Contenido patrocinado", "Oferta especial", "广告", "廣告", "推广", "推廣",
    )
)
_AD_LINE_MAX = 300
_AD_SEPARATOR = re.compile(r"\s+[-–—|]\s|:\s")


def _is_ad_marker(line: str) -> bool:
    """"Advertisement", "ANZEIGE", "OFFERTA SPECIALE - POCHI PEZZI": a short line that is a marker, or
    opens with one and a spaced dash or a colon. "Ad esempio:", "Ad-hoc-Mitteilung" and "OFFERTA
    PUBBLICA DI ACQUISTO" (a subhead) are prose."""
    if len(line) >= 80:
        return False
    key = fold(line).strip(" -–—:|·•*")
    return any(key == marker or key.startswith(marker) and _AD_SEPARATOR.match(key, len(marker))
               for marker in _AD_MARKERS)


# Social networks and share verbs: a line made of nothing else is a row of share buttons. Buttons
# often lose their spacing in extraction ("Share on FacebookTweet about this on Twitter"), so the
# long names are removed without word boundaries and the short filler words with them.
_SOCIAL = re.compile(
    r"facebook|twitter|pinterest|linkedin|whatsapp|telegram|reddit|flipboard|tumblr|messenger|bluesky|threads|"
    r"e-?mail|tweet(?:en)?|share|condividi(?:ere)?|teilen|partager|partagez|compartir|comparte|drucken|imprimer|"
    r"imprimir|stampa|print|copy link|copia link|link kopieren|copier le lien|copiar enlace|copia el enlace|"
    r"enlace copiado|分享|微信|微博|QQ空间|複製連結|复制链接|"
    r"複製鏈接|转发|轉發",
    re.IGNORECASE,
)
_SOCIAL_FILLER = re.compile(
    r"\b(?:pin|x|mail|sms|on|su|auf|sur|en|via|per|par|por|about|this|it|article|story|articolo|artikel|artículo|"
    r"l'articolo|l'article|questo|dieser|diesen|cet|este|the|to|with|mit|con|avec|\d+)\b|[\s:|/·•,.()+\-：｜、，]+",
    re.IGNORECASE,
)
_SOCIAL_NAMES = re.compile(
    r"facebook|twitter|pinterest|linkedin|whatsapp|telegram|reddit|flipboard|e-?mail|tweet|share|condividi|teilen|"
    r"partager|compartir|分享",
    re.IGNORECASE,
)
_COOKIE = re.compile(r"\bcookies?\b|Cookie-", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"accept|accett|consent|consenso|akzeptier|zustimm|einverstanden|accepter|aceptar|acepta|privacy|policy|"
    r"datenschutz|confidentialit|privacidad|navigazione|continuando|navigating|browsing|naviguer|navegando|"
    r"utilizza|usiamo|uses|we use|verwendet|nutzt|utilise|utilisons|utiliza|usamos|utilizamos|gestisci|settings|"
    r"einstellungen|paramètres|configuración|impostazioni",
    re.IGNORECASE,
)
# Agency credits: "(ASCA)", "(Asca, 28 ottobre 2014)", "Madrid (EFE).-", "© Reuters", "Foto: dpa", a lone "AFP".
_AGENCIES = (
    "ANSA|ASCA|Asca|AGI|Adnkronos|askanews|Askanews|LaPresse|Italpress|Agenzia Nova|Dire|Public Policy|"
    "AFP|Reuters|REUTERS|AP|Associated Press|Bloomberg|UPI|dpa|DPA|APA|SDA|ATS|KNA|epd|AFX|Belga|ANP|"
    "EFE|Europa Press|Xinhua|新华社|中新社|IANS|PTI|ANI|Kyodo|Yonhap|TASS|Sputnik|Anadolu|Getty Images|Getty|"
    "Shutterstock|iStock|Imago|Ipa|IPA|Fotogramma|Ansa|Keystone|Sipa|Alamy|EPA|Zuma"
)
_CREDIT_PAREN = re.compile(r"\(\s*(" + _AGENCIES + r")(?:\s*[,/;-][^()\n]{0,40})?\s*\)(?:\s*\.?\s*[-–—]+|\s*\.-)?")
_CREDIT_MARK = re.compile(
    r"(?:©|\(c\)|Copyright|Foto|Photo|Fotos|Bild|Crédit(?:s)? photo|Image|Quelle|Fonte|Source|Fuente)\s*:?\s*"
    r"(?:[\w .-]{0,30}/\s*)?(" + _AGENCIES + r")\b(?:\s*/\s*[\w .-]{1,30})?",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(r"^[\s(©.-]*(" + _AGENCIES + r")(?:\s*[/,]\s*[\w .-]{1,30})?[\s).-]*$")
_CREDIT_SLASH = re.compile(r"\b(" + _AGENCIES + r")/[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)?\.?$")
# A photo caption signs off with its photographer: "... in Rome, Italy. (Photo by Paolo Bruno/Getty Images)".
# It describes the picture, often another day's event, so its names are not the story's.
_CAPTION = re.compile(
    r"\((?:Photo|Photos|Foto|Fotos|Bild|Image|Crédit photo|Photo credit)\s*(?:by|di|de|von|:)\s*[^()]{2,80}\)\s*$",
    re.IGNORECASE,
)
# A wire dateline opens a paragraph: "Madrid (EFE).- Bizum...", "Frankfurt/Main (dpa) - Der...",
# "PARIS - ...". It says where the reporter filed from, not what the story is about.
_DATELINE = re.compile(
    r"(?:^|\n)([A-Z][\w.'-]*(?:[ /][A-Z][\w.'-]*){0,3})(?:\s*\([^()\n]{1,30}\))?\s*(?:[-–—]+|\.-)\s"
)
_SITE_SUFFIX = re.compile(r"\s+(?:[|·•»]|[-–—]{1,2}|::)\s+([^|·•»–—]{1,40})$")
_ORPHAN_PUNCT = re.compile(r"([.,;:])(?:\s*[.,;:])+|\s+(?=[.,;:](?:\s|$))")  # "cinese. (Asca)." -> "cinese."
_SENTENCE_PUNCT = re.compile(r"[.!?。！？]$")


def agency_credits(text: str) -> list[str]:
    """The news agencies the text credits ("(ANSA)", "© Reuters", "Madrid (EFE).-"), first seen first."""
    found: list[str] = []
    for line in normalise_space_lines(text).split("\n"):
        for pattern in (_CREDIT_PAREN, _CREDIT_MARK, _CREDIT_LINE, _CREDIT_SLASH):
            for match in pattern.finditer(line.strip()):
                name = match.group(1)
                if fold(name) not in {fold(f) for f in found}:
                    found.append(name)
    return found


# A listing in brackets, as press releases write it: "(NASDAQ: PYPL)", "(NYSE:V)", "(HKEX: 0700)". It
# names the exchange, not a party to the story.
_TICKER = re.compile(
    r"\s*\((?:NASDAQ|Nasdaq|NYSE|NYSE American|LSE|LON|TSX|ASX|HKEX|SEHK|HKG|SSE|SZSE|BIT|BME|FWB|ETR|XETRA|Xetra|"
    r"EPA|Euronext|SIX|TYO|KRX|OTC|OTCQX)\s*:\s*[A-Z0-9.]{1,8}(?:\s*[,;/]\s*[A-Z]{2,8}\s*:\s*[A-Z0-9.]{1,8})*\)"
)


def _strip_credits(line: str) -> str:
    line = _TICKER.sub("", line)
    if _CREDIT_LINE.match(line):
        return ""
    # A dateline credit keeps its dash so the place does not run into the first word: "Madrid (EFE).- Bizum".
    line = _CREDIT_PAREN.sub(lambda m: " - " if m.group(0).rstrip().endswith(("-", "–", "—")) else "", line)
    line = _CREDIT_MARK.sub("", line)
    line = _CREDIT_SLASH.sub("", line)
    line = _ORPHAN_PUNCT.sub(r"\1", line)
    return line.strip(" -–—") if line.strip() else ""


# Platforms a page links to in its share and follow rows ("Del artiklen: Facebook LinkedIn Mail", "Seguici
# anche su Facebook e Instagram", "この記事をシェアする X Facebook LINE").
_PLATFORM = re.compile(
    r"(?<![\w.@/])(?:facebook|instagram|twitter|x|linkedin|whatsapp|telegram|youtube|tiktok|threads|bluesky|line|"
    r"mail|e-?mail|pinterest|reddit|flipboard|messenger)(?![\w.@/])",
    re.IGNORECASE,
)
_PLATFORM_LINE_MAX = 120
_LINE_WORD = re.compile(r"\w+")


def _is_share_line(line: str) -> bool:
    """A row of share buttons: social names and share verbs, and (almost) nothing else. In a language
    the share verbs above do not name, a short line that is no sentence and names two platforms or more,
    with fewer other words than three more than the platforms, is a share or follow row too."""
    if len(line) > 200 or not (_SOCIAL_NAMES.search(line) or _PLATFORM.search(line)):
        return False
    rest = _SOCIAL_FILLER.sub(" ", _SOCIAL.sub(" ", line)).split()
    if len(rest) <= 1:
        return True
    platforms = len(_PLATFORM.findall(line))
    if platforms < 2 or len(line) > _PLATFORM_LINE_MAX or _SENTENCE_PUNCT.search(line.rstrip()):
        return False
    others = len(_LINE_WORD.findall(_PLATFORM.sub(" ", line)))
    return others < platforms + 3


def _is_caption(line: str) -> bool:
    """A caption is a few lines long at most; a long paragraph that ends in a credit is still prose."""
    return len(line) < 400 and _CAPTION.search(line) is not None


def _is_cookie_notice(line: str) -> bool:
    return len(line) < 500 and bool(_COOKIE.search(line)) and bool(_COOKIE_CONTEXT.search(line))


def clean_body(text: str, language: str | None = None) -> str:
    """Article text without the page furniture.

    Drops share-button rows, cookie notices, adverts, agency credits, stock listings in brackets, photo
    captions printed twice, everything from a "related articles" heading on, and blocks of links to
    other stories wherever they sit (``bot.core.furniture``); normalises quotes,
    Italian accents and elisions.
    """
    text = normalise_typography(normalise_space_lines(text), language)
    kept: list[str] = []
    advert = False  # the line after an advertisement's marker is the advert
    for line in text.split("\n"):
        stripped = line.strip()
        key = fold(stripped).rstrip(":.>»").strip()
        if key in _TAIL_MARKERS:
            break
        if advert and stripped:
            advert = False
            if len(stripped) < _AD_LINE_MAX:
                continue
        elif stripped and _is_ad_marker(stripped):
            advert = True
            continue
        if stripped and (_is_share_line(stripped) or _is_cookie_notice(stripped) or _is_caption(stripped)):
            continue
        stripped = _strip_credits(stripped) if stripped else stripped
        if line.strip() and not stripped:
            continue  # the line was only a credit
        kept.append(stripped)
    return normalise_space_lines("\n".join(_drop_widgets(_drop_repeated_captions(drop_link_blocks(kept)))))


_WIDGET_RUN = 6  # short lines in a row: a ranking, a menu, a list of links


def _drop_widgets(lines: list[str]) -> list[str]:
    """Sidebars and rankings ("Platz 1 / P30 Pro / 1,8 / Platz 2 ...") are runs of short lines that no
    sentence ends; prose never is. A run of six or more (blank lines aside) is page furniture."""
    short = [bool(line) and len(line) < 50 and not line.endswith((".", "。")) for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not short[i]:
            out.append(lines[i])
            i += 1
            continue
        j, count = i, 0
        while j < len(lines) and (short[j] or not lines[j]):
            count += bool(lines[j])
            j += 1
        if count < _WIDGET_RUN:
            out.extend(lines[i:j])
        i = j
    return out


def _drop_repeated_captions(lines: list[str]) -> list[str]:
    """A short line without sentence punctuation that the page prints twice is a caption ("Jack Ma" / "Jack Ma")."""
    seen: dict[str, int] = {}
    for line in lines:
        if line and len(line.split()) <= 12 and not _SENTENCE_PUNCT.search(line):
            seen[line] = seen.get(line, 0) + 1
    repeated = {line for line, n in seen.items() if n >= 2}
    return [line for line in lines if line not in repeated]


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
    # Chinese ends a sentence with 。！？ and no space after it.
    match = re.search(r"(.+?(?:[.!?](?=\s|$)|[。！？]))", text)
    return match.group(1) if match else text


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


# Unknown names scoring below this are dropped (see bot.core.salience for the score).
_MIN_UNKNOWN_SCORE = 1.2
# A short article leaves slots free: an unknown name the text gives once, late, may fill one
# ("chief executive Pat Cullen" in the last paragraph), if it is a multi-word name.
_SPARE_UNKNOWN_SCORE = 0.7
_LEAD_MIN = 80  # characters: the first line this long is the lead (shorter ones are bylines, dates, kickers)
_LEAD_MAX = 400  # characters: a lead is a few sentences, though a page may run its whole text on one line


# Below this many letters a text says too little for the identifier ("Item 1 title" reads as Latin,
# "safe description" as French): the feed's declared language is trusted instead, if any.
_SHORT_TEXT_LETTERS = 60
_HAN = re.compile("[\u4e00-\u9fff]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


# The languages the identifier may answer: every one the bot has a word list for (wordfreq), plus
# their close neighbours, so a Norwegian text is not forced into Danish. Restricted to six, Danish and
# Swedish came out as German; all 142 of py3langid's would keep 20 MB more of its model for languages
# no news feed we know of is written in.
IDENTIFIED_LANGUAGES = tuple(sorted(
    (WORDLIST_LANGUAGES - {"fil", "sh", "nb"}) | {"no", "nn", "hr", "sr", "bs", "et", "sk", "sq", "tl", "sw", "af", "eu",
                                                 "gl", "cy", "ga", "lb", "be", "ka", "hy", "az", "kk", "th", "ne"}
))


@lru_cache(maxsize=1)
def _identifier():
    # The model ships inside py3langid's wheel; loading it reads package data, never the network.
    import numpy as np  # py3langid's own dependency
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages([lang for lang in IDENTIFIED_LANGUAGES if lang in ident.nb_classes])
    # set_languages copies the chosen columns and keeps the whole model (142 languages, ~28 MB of float16)
    # in ``_full_model``, which only a later set_languages reads (py3langid 0.4). Nothing here restricts
    # again, so the restricted model becomes the "full" one and the rest is freed. Rows in C order: a
    # score gathers one row per feature.
    ident.nb_ptc = np.ascontiguousarray(ident.nb_ptc)
    ident._full_model = (ident.nb_ptc, ident.nb_pc, ident.nb_classes)
    return ident


def language_code(code: str | None) -> str:
    """"en-US", "pt_BR", "ZH-hant" -> "en", "pt", "zh": the ISO 639-1 part of a feed's declared language."""
    if not code:
        return ""
    base = code.strip().replace("_", "-").split("-")[0].casefold()
    return base if len(base) == 2 and base.isalpha() else ""


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of the text's language, or "" when it cannot be told.

    Scripts decide first (kana: Japanese, hangul: Korean, Han alone: Chinese); otherwise the
    identifier reads the text. A text too short to read (a title-only entry) takes the feed's
    declared language (``<language>``, ``xml:lang``, ``Content-Language``), or says nothing.
    """
    sample = text[:2000]
    fallback = language_code(declared)
    if not sample.strip():
        return fallback
    if len(_KANA.findall(sample, 0, 600)) >= 5:
        return "ja"
    if len(_HANGUL.findall(sample, 0, 600)) >= 10:
        return "ko"
    han = len(_HAN.findall(sample))
    if han >= 10 or han > len(sample) * 0.2:
        return "zh"
    if len(_LETTER.findall(sample, 0, 4 * _SHORT_TEXT_LETTERS)) < _SHORT_TEXT_LETTERS:
        return fallback
    # 800 characters tell 142 languages apart as well as 2,000 do (no error on the labelled sets) at a
    # quarter of the cost.
    lang, _score = _identifier().classify(sample[:800])
    return str(lang)


def summarise(
    title: str, body: str, gazetteer: Gazetteer, language: str | None = None, declared_language: str | None = None
) -> Summary:
    """Headline, language and key entities of one article. Pure: same input, same summary.

    Names are ranked by :func:`bot.core.salience.salience`: headline, lead, position, count and kind.
    ``language`` forces the language; ``declared_language`` is the feed's, trusted for short texts only.
    """
    raw_title = collapse_space(html_to_text(title))
    lang = language or detect_language(f"{raw_title}\n{body}", declared_language)
    credits = agency_credits(body)
    text = clean_body(body, lang)
    title_clean = normalise_typography(raw_title, lang)
    headline = clean_headline(title_clean, text)
    text = _drop_repeated_title(title_clean, text)
    sport = is_sports_text(f"{headline}\n{text}", lang)  # "Inter" and "Milan" are clubs there
    found = mentions(gazetteer, headline, text, lang, sport=sport)
    ranking = _Ranking(total=max(1, len(headline) + len(text)), lead=_lead(text, len(headline) + 1))
    datelines = _dateline_places(gazetteer, raw_body_start(body), lang)
    _rank_known(ranking, found, product_models(gazetteer, headline, text), headline, datelines)
    _rank_unknown(ranking, gazetteer, found, headline, text, lang, sport)
    if lang == "zh":
        _rank_chinese_events(ranking, gazetteer, found, headline, text)
    for agency in credits:
        entity = gazetteer.lookup(agency)
        name = entity.name if entity else (agency.upper() if len(agency) <= 5 else agency)
        if fold(name) not in {fold(n) for n in ranking.scores}:
            ranking.scores[name] = 0.9  # credited, so part of the story's record, but never its subject
            ranking.types[name] = "organisation"
    _drop_near_duplicates(ranking)
    ranked = sorted(ranking.scores, key=lambda n: -ranking.scores[n])[:MAX_ENTITIES]
    spare = [n for n in sorted(ranking.spare, key=lambda n: -ranking.spare[n]) if n not in ranked]
    ranked += spare[: MAX_ENTITIES - len(ranked)]
    return Summary(
        headline=headline,
        language=lang,
        entities=tuple(ranked),
        entity_types={n: ranking.types[n] for n in ranked if n in ranking.types},
        mentions=tuple(found),
        title=title_clean,
        text=text,
        credits=tuple(credits),
    )


def _lead(text: str, base: int) -> tuple[int, int]:
    """Offsets (from ``base``) of the text's lead: its first line long enough to be a paragraph."""
    start = 0
    for line in text.split("\n"):
        if len(line) >= _LEAD_MIN:
            return base + start, base + start + min(len(line), _LEAD_MAX)
        start += len(line) + 1
    return base, base + min(len(text), _LEAD_MAX)


@dataclass
class _Ranking:
    total: int  # characters of headline and text, to turn offsets into positions
    lead: tuple[int, int] = (0, 0)  # the lead paragraph's offsets, in the same coordinates
    scores: dict[str, float] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    spare: dict[str, float] = field(default_factory=dict)  # weaker unknown names, for slots left free

    def add(self, name: str, kind: str, weight: float, count: int, in_title: bool, first: int) -> None:
        in_lead = self.lead[0] <= first < self.lead[1]
        score = sal.salience(kind, weight, count, in_title, max(0, first) / self.total, in_lead, sal.WEIGHTS)
        if score > self.scores.get(name, -1.0):
            self.scores[name] = score
            if kind:
                self.types[name] = kind


# Chinese names a games or a fair after its host city: 杭州亚运会 is the Hangzhou Asian Games, not Hangzhou.
_ZH_EVENTS = {
    "亚运会": "Asian Games", "亞運會": "Asian Games", "大运会": "Universiade", "大運會": "Universiade",
    "冬奥会": "Winter Olympics", "冬奧會": "Winter Olympics", "奥运会": "Olympics", "奧運會": "Olympics",
    "世博会": "Expo", "世博會": "Expo", "全运会": "National Games", "全運會": "National Games",
    "亚冬会": "Asian Winter Games", "亞冬會": "Asian Winter Games",
}
_ZH_EVENT = re.compile("|".join(sorted(_ZH_EVENTS, key=len, reverse=True)))


def _rank_chinese_events(ranking: _Ranking, gazetteer: Gazetteer, found: list[Mention], headline: str, text: str) -> None:
    """"成都大运会" names the Chengdu Universiade: score the event and take it back from the city."""
    events: dict[str, list] = {}
    for part, source, base in (("title", headline, 0), ("body", text, len(headline) + 1)):
        for hit in gazetteer.find(source):
            entity = gazetteer.entities[hit.entity]
            match = _ZH_EVENT.match(source, hit.end)
            if entity.type != "place" or match is None or not has_cjk(source[hit.start:hit.end]):
                continue
            name = f"{entity.name} {_ZH_EVENTS[match.group(0)]}"
            entry = events.setdefault(name, [entity.name, 0, False, base + hit.start])
            entry[1] += 1
            entry[2] = entry[2] or part == "title"
    for name, (place, count, in_title, first) in events.items():
        ranking.add(name, "organisation", sal.WEIGHTS.of("organisation"), count, in_title, first)
        mention = next((m for m in found if m.name == place), None)
        if mention is not None and place in ranking.scores:
            if mention.count <= count and not mention.in_title:
                del ranking.scores[place]
            else:
                ranking.scores[place] -= sal.WEIGHTS.of("place") * count


def raw_body_start(body: str) -> str:
    """The opening of the body as the page gives it, credits included (they mark datelines)."""
    return normalise_space_lines(body[:1500])


def _dateline_places(gazetteer: Gazetteer, start: str, language: str) -> dict[str, int]:
    """Places named by datelines in the first paragraphs, with how many datelines name each."""
    out: dict[str, int] = {}
    for match in _DATELINE.finditer(start):
        if match.start(1) > 600:
            break
        for hit in gazetteer.find(match.group(1), language=language):
            entity = gazetteer.entities[hit.entity]
            if entity.type == "place":
                out[entity.name] = out.get(entity.name, 0) + 1
    return out


def _names_surname(headline: str, name: str) -> bool:
    """The headline writes the person's surname, capitalised, as a word of its own."""
    surname = surname_of(name)
    return len(surname) > 2 and re.search(r"(?<!\w)" + re.escape(surname) + r"(?!\w)", headline) is not None


def _rank_known(
    ranking: _Ranking,
    found: list[Mention],
    models: dict[str, dict[str, tuple[int, bool, int]]],
    headline: str,
    datelines: dict[str, int],
) -> None:
    """Score gazetteer entities, their product models, and the makers their products are named after."""
    found_names = {m.name for m in found}
    headline_companies = {m.name for m in found if m.in_title and m.type in ("company", "organisation")}
    implied: dict[str, int] = {}
    implied_title: set[str] = set()
    for m in found:
        # Apple Pay names Apple, Google Pay names Google: a product named after its maker counts for it.
        maker = _maker(m.name, found_names, m.type)
        if maker:
            implied[maker] = implied.get(maker, 0) + m.count
            if m.in_title:
                implied_title.add(maker)
    for m in found:
        family = models.get(m.name)
        if family:
            for model, (count, in_title, first) in family.items():
                ranking.add(model, "product", sal.WEIGHTS.of("product"), count, in_title, first)
            # "iPhone 15" and "iPhone 15 Pro" are the news and imply the family; a family that is a
            # model already (Xiaomi SU7 beside Xiaomi SU7 Ultra) or a maker (Huawei) stays.
            if m.type == "product" and not any(c.isdigit() for c in m.name):
                continue
        weight = sal.WEIGHTS.of(m.type)
        # "Draghi e le sfide fintech": a headline names a person by surname, the body in full.
        in_title = m.in_title or (m.type == "person" and _names_surname(headline, m.name))
        count = m.count + implied.get(m.name, 0) - datelines.get(m.name, 0)
        if count <= 0 and not in_title:
            continue  # named only where the reporter filed from
        # The dateline is the first mention; the story's own is somewhere later: score it as mid-text.
        first = m.first_offset if not datelines.get(m.name) else ranking.total // 2
        if m.type == "place":
            if m.name in region_names() and not in_title:
                continue  # "in Europe", "across Asia": a continent is the story's setting, not its subject
        ranking.add(m.name, m.type, weight, count, in_title, first)
        if m.type == "product" and not in_title and any(
                m.name.startswith(t + " ") for t in headline_companies):
            ranking.scores[m.name] += sal.WEIGHTS.title / 4  # the headline's company, through its product (Apple Pay)
        if m.name in implied_title and not m.in_title:
            ranking.scores[m.name] += sal.WEIGHTS.title / 2  # the headline names its product, so half-names it


def _rank_unknown(
    ranking: _Ranking, gazetteer: Gazetteer, found: list[Mention], headline: str, text: str, lang: str, sport: bool,
) -> None:
    """Score names the gazetteer does not know, found in the body and, failing that, in the headline."""
    scored = ranking.scores
    hits = gazetteer.find(text, genitive=lang == "de", sport=sport)
    # A place or an institution may open a longer name: Frankfurt Airport, ITTF World Tour Grand Finals.
    openers = [h.start for h in hits if gazetteer.entities[h.entity].type in ("place", "organisation")]
    candidates = unknown_names(text, [(h.start, h.end) for h in hits], lang, prefixes=openers)
    # Names the headline alone gives ("le parole di Giancarlo Betta"): the body may never repeat them.
    body_lowercase = {w.casefold() for w in re.findall(r"\w+", text) if w.islower()}
    title_spans = [(h.start, h.end) for h in gazetteer.find(headline, genitive=lang == "de", sport=sport)]
    for name, cand in unknown_names(headline, title_spans, lang).items():
        parts = name.split()
        if any(_sub_span(parts, other.split()) for other in candidates) or all(
                p.casefold() in body_lowercase for p in parts):
            continue  # the body has it, or writes its words in lowercase ("el premio igualdad")
        cand.first = -len(headline) - 1
        candidates[name] = cand
    if lang == "de":  # "Red Hats kommerzielle Plattform" under "Red Hat gibt WildFly frei"
        for name in [n for n in candidates if n.endswith("s") and n[:-1] in candidates]:
            candidates[name[:-1]].count += candidates.pop(name).count

    listed = _listed_names(gazetteer, text, candidates)
    for side in (scoreline_sides(headline, lang) + scoreline_sides(text, lang)) if sport else ():
        # "Serie A Juventus-Inter 2-1": a competition the gazetteer knows may open the side.
        known = [h for h in gazetteer.find(side, sport=True) if h.start == 0]
        name = side[known[0].end:].strip() if known else side
        if name and len(name) >= 3:
            listed.setdefault(name, "")  # a scoreline vouches for both teams, as a list for its items
    if lang == "zh":  # 副总裁汤道生表示: a title and a verb of saying vouch for a person
        for written, person in titled_people(text).items():
            if gazetteer.lookup(written) is None:  # 余承東 is the gazetteer's Richard Yu
                candidates[person.name] = Candidate(person.name, person.count + headline.count(written),
                                                    person.first, True, False, True)
                listed[person.name] = "person"
    for name in listed:
        if name not in candidates:  # a list vouches for words the dictionaries know (Erlangen, Ansbach)
            count = len(re.findall(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text))
            candidates[name] = Candidate(name, max(1, count), max(0, text.find(name)), False, False, True)
    if lang in INFLECTING_LANGUAGES:
        _rank_inflected(ranking, gazetteer, candidates, headline, text, lang)
        resolve_inflected(candidates, lang)
    known = {fold(n) for n in scored} | {fold(m.name) for m in found}
    surnames = {fold(surname_of(m.name)) for m in found if m.type == "person" and surname_of(m.name)}
    acronyms = {initials(m.name): m.name for m in found if initials(m.name)}
    folded_headline = fold(headline)
    for cand in candidates.values():
        key = fold(cand.name)
        if key in known or key in surnames:
            continue  # known already, or a known person's surname
        full = acronyms.get(cand.name)
        if full is not None:  # NPCI beside National Payments Corporation of India
            if full in scored:
                scored[full] += sal.WEIGHTS.of(ranking.types.get(full, "")) * min(cand.count, 3)
            continue
        # A word that opens in lowercase and is capitalised inside (bitFlyer, iQiyi) is a brand as surely
        # as a full name is a person; "FinTech" or "BEVs", capitalised first, may be a sector or a plural.
        brand = cand.name[0].islower() and is_mixed_case(cand.name) and cand.name.isalpha()
        multi = " " in cand.name or any(c.isupper() for c in cand.name[1:])
        kind = "person_like" if cand.person_like or brand else ("span" if multi else "single")
        in_title = _contains_word(folded_headline, key) or (cand.person_like and _names_surname(headline, cand.name))
        before = scored.get(cand.name)
        weight, etype = sal.WEIGHTS.of(kind), ""
        if listed.get(cand.name) in ("place", "person"):
            etype = listed[cand.name]
            weight = sal.WEIGHTS.of("place") if etype == "place" else sal.WEIGHTS.of("person_like")
        ranking.add(cand.name, etype, weight, cand.count, in_title, len(headline) + 1 + cand.first)
        if scored[cand.name] < _MIN_UNKNOWN_SCORE and cand.name not in listed:  # a list vouches for its items
            if kind != "single" and scored[cand.name] >= _SPARE_UNKNOWN_SCORE:
                ranking.spare[cand.name] = scored[cand.name]
            if before is None:
                del scored[cand.name]
            else:
                scored[cand.name] = before
        for place in (cand.prefix, cand.closer):
            if place:
                _take_back(ranking, gazetteer, found, cand, place)


# Languages that decline names (bot.core.roles.INFLECTING_LANGUAGES), so that a known name appears with
# endings the gazetteer does not list: Polish "w Polsce", "Huaweia"; Russian "России"; Hungarian "Kínában".


_CAPITALISED = re.compile(r"(?<![\w'-])[^\W\d_a-zа-я][^\W\d_]{3,}(?![\w'-])")


def _rank_inflected(
    ranking: _Ranking, gazetteer: Gazetteer, candidates: dict[str, Candidate], headline: str, text: str, lang: str
) -> None:
    """Capitalised words that are known names with a case ending ("w Polsce", "в России", "Huaweia")
    count for the known entity; none of them is a new name. Such words are often frequent words of
    their language, so they are read from the text, not only from the candidates. The lemma
    dictionary decides first: a proper noun's lemma may be the listed name (Polish "Warszawie": Warszawa),
    and an inflected common word ("Unii", "Bölgesi") is no name, whatever letters it shares with one."""
    found: dict[str, list] = {}  # entity name -> [entity, count, in_title, first]
    for part, source, base in ((0, headline, 0), (1, text, len(headline) + 1)):
        for match in _CAPITALISED.finditer(source):
            word = match.group(0)
            if not word[0].isupper():
                continue
            lemma, proper = case_of(word, lang)
            if not proper:
                continue
            entity = (gazetteer.lookup(lemma) if lemma != word else None) or gazetteer.inflected(word)
            if entity is None:
                continue
            candidates.pop(word, None)
            entry = found.setdefault(entity.name, [entity, 0, False, base + match.start()])
            entry[1] += part
            entry[2] = entry[2] or part == 0
    for name, (entity, count, in_title, first) in found.items():
        weight = sal.WEIGHTS.of(entity.type)
        count = min(count, sal.WEIGHTS.place_count_cap) if entity.type == "place" else count
        if name in ranking.scores:
            # Scored already from its listed forms; the headline's inflected form adds the headline's bonus
            # unless the headline writes the name as listed too.
            title_bonus = in_title and all(gazetteer.entities[h.entity].name != name for h in gazetteer.find(headline))
            ranking.scores[name] += weight * count + sal.WEIGHTS.title * title_bonus
        else:
            ranking.add(name, entity.type, weight, count, in_title, first)


# "Nürnberg, Ansbach, Erlangen und Künzelsau", "Granny Smith, Cortland, Jonagold, and Empire": three
# or more capitalised names in a list.
_ITEM = r"[A-ZÀ-ÖØ-Þ][\w'-]++(?: [A-ZÀ-ÖØ-Þ][\w'-]++){0,2}"
_LIST_SEPARATOR = r",? (?:und|and|e|y|et|sowie|oder|or|o|ou) |, "
_ENUMERATION = re.compile(f"(?<![\\w'-]){_ITEM}(?:(?:{_LIST_SEPARATOR}){_ITEM}){{2,}}")
_ENUMERATION_SPLIT = re.compile(_LIST_SEPARATOR)


def _listed_names(gazetteer: Gazetteer, text: str, candidates: dict[str, Candidate]) -> dict[str, str]:
    """A list is of one kind of thing: unknown words listed beside known places are places, and words
    listed among names that are mostly known or found already are names (an apple variety, a town).
    Returns {name: type}, the type "" where the list does not say."""
    out: dict[str, str] = {}
    for match in _ENUMERATION.finditer(text):
        items = _ENUMERATION_SPLIT.split(match.group(0))
        kinds = [gazetteer.lookup(item) for item in items]
        if any(k is None and gazetteer.find(item, genitive=True) for item, k in zip(items, kinds, strict=True)):
            continue  # an item holds a known name ("Googles Android Pay"): not a list of plain names
        if any(k is not None and k.type == "place" for k in kinds) and all(
                k is None or k.type == "place" for k in kinds):
            out.update((item, "place") for item, k in zip(items, kinds, strict=True) if k is None)
        elif 2 * sum(k is not None or item in candidates for item, k in zip(items, kinds, strict=True)) > len(items):
            out.update((item, "") for item, k in zip(items, kinds, strict=True) if k is None and item not in candidates)
    return out


_LEGAL_SUFFIXES = {
    fold(w) for w in "Group Holdings Holding Technologies Technology Inc Ltd Limited Corp Corporation Co Company "
    "SpA S.p.A. AG GmbH SA SE NV plc Gruppo Groupe Grupo Konzern International".split()
}


def _drop_near_duplicates(ranking: _Ranking) -> None:
    """One entity, one line: "Astràgali" beside "Astràgali Teatro", "Huawei Technologies" beside Huawei."""
    scores = ranking.scores
    words = {n: fold(n).split() for n in scores}
    for name in sorted(scores, key=lambda n: -scores[n]):
        if name not in scores or name in ranking.types:
            continue  # only names the gazetteer does not know give way
        mine = words[name]
        for other in list(scores):
            theirs = words[other]
            if other == name or other not in scores:
                continue
            if other in ranking.types:
                # The known company under its legal name: Huawei Technologies, Alibaba Group Holding.
                if (ranking.types[other] in ("company", "organisation") and mine[: len(theirs)] == theirs
                        and len(mine) > len(theirs) and all(w in _LEGAL_SUFFIXES for w in mine[len(theirs):])):
                    scores[other] = max(scores[other], scores.pop(name))
                    break
            elif len(mine) < len(theirs) and (theirs[: len(mine)] == mine or theirs[-len(mine):] == mine):
                scores[other] = max(scores[other], scores.pop(name))
                break


def _take_back(ranking: _Ranking, gazetteer: Gazetteer, found: list[Mention], cand: Candidate, place: str) -> None:
    """"Frankfurt Airport" and "Politecnico di Milano" are not mentions of Frankfurt and Milan: take
    those occurrences back from the place."""
    entity = gazetteer.lookup(place)
    mention = next((m for m in found if entity is not None and m.name == entity.name), None)
    if mention is None or mention.name not in ranking.scores:
        return
    if mention.count <= cand.count and not mention.in_title:
        del ranking.scores[mention.name]
    else:
        ranking.scores[mention.name] -= sal.WEIGHTS.of(mention.type) * min(cand.count, mention.count)


def _maker(name: str, known: set[str], kind: str) -> str:
    """The entity a product is named after ("Apple" for "Apple Pay"), when the text names it too."""
    if kind != "product" or " " not in name:
        return ""
    head = name.split(" ", 1)[0]
    return head if head in known and head != name else ""


def _drop_repeated_title(title: str, text: str) -> str:
    """Pages print their headline above the body; counted twice it would outweigh the article."""
    first, _, rest = text.partition("\n")
    if title and fold(collapse_space(first)) == fold(title):
        return rest.lstrip("\n")
    return text


def _sub_span(parts: list[str], other: list[str]) -> bool:
    """parts opens or closes other (Astràgali / Astràgali Teatro), or equals it."""
    return other[: len(parts)] == parts or other[-len(parts):] == parts


def _contains_word(folded_text: str, folded_word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(folded_word) + r"(?!\w)", folded_text) is not None


def product_models(gazetteer: Gazetteer, headline: str, text: str) -> dict[str, dict[str, tuple[int, bool, int]]]:
    """Models of known products named with their number: ``{"iPhone": {"iPhone 15 Pro": (count, in_title, first)}}``."""
    out: dict[str, dict[str, list]] = {}
    for part, source, base in (("title", headline, 0), ("body", text, len(headline) + 1)):
        for hit in gazetteer.find(source):
            entity = gazetteer.entities[hit.entity]
            if hit.kind != "strong" or entity.type not in ("product", "company"):
                continue
            pattern = PRODUCT_SUFFIX if entity.type == "product" else MAKER_MODEL
            match = pattern.match(source, hit.end)
            if not match or not match.group(0).strip():
                continue
            model = f"{entity.name} {collapse_space(match.group(0))}"
            entry = out.setdefault(entity.name, {}).setdefault(model, [0, False, base + hit.start])
            entry[0] += 1
            entry[1] = entry[1] or part == "title"
    return {family: {m: (c, t, f) for m, (c, t, f) in models.items()} for family, models in out.items()}
