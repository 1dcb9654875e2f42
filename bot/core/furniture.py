"""Page furniture inside an article body: link blocks ("Read also", "Czytaj też", "Читайте также"),
tag lines and link rows, in any language we may meet.

A link block is a heading from ``_BLOCK_HEADINGS`` followed by the headlines of other stories. It may
sit anywhere in the body, so it is dropped where it stands: the heading and the short lines after it,
up to the next paragraph of prose. The same words followed by a colon and a headline on one line
("Czytaj też: Xiaomi wchodzi na polski rynek") are one link. None of it is the story: its names must
not become the article's entities nor reach a follower.
"""

from __future__ import annotations

import re

from bot.core.text import fold

# Headings that open a block of links to other stories, by language. Folded before comparison.
_BLOCK_HEADINGS_BY_LANGUAGE = {
    "en": "Read next|Read more|Read also|Also read|More on this|More on this story|Related coverage|Related content|"
          "Related reading|Related topics|Recommended reads|Recommended reading|Recommended for you|See also|"
          "Further reading|Most viewed|Trending|Don't miss|More news|Latest news|Top stories|Editor's picks",
    "it": "Leggi anche|Vedi anche|Leggi di più|Da non perdere|Ti consigliamo|Potrebbe interessarti|Approfondimenti|"
          "Gli articoli più letti|Notizie correlate|Correlati",
    "de": "Lesen Sie auch|Lesen Sie mehr|Mehr dazu|Mehr zum Thema|Auch interessant|Weiterlesen|Ähnliche Themen|"
          "Das könnte Sie auch interessieren|Das könnte Sie interessieren|Empfohlene Artikel|Zum Thema",
    "fr": "À lire aussi|A lire aussi|Lire aussi|À lire également|Sur le même sujet|Voir aussi|À voir aussi|"
          "Nos articles sur le sujet|Articles recommandés|Les plus lus|À découvrir",
    "es": "Lee también|Lea también|Leer también|Sigue leyendo|Te recomendamos|También te puede interesar|"
          "Te puede interesar|Noticias relacionadas|Contenido relacionado|Lo más leído|Más noticias",
    "pt": "Leia também|Leia mais|Veja também|Veja mais|Saiba mais|Leia ainda|Notícias relacionadas|"
          "Mais lidas|Mais lidos|Relacionadas|Relacionados|Recomendados para você|Mais notícias",
    "nl": "Lees ook|Lees meer|Lees verder|Bekijk ook|Meer over dit onderwerp|Gerelateerd|Gerelateerde artikelen|"
          "Meest gelezen|Meer nieuws|Ook interessant",
    "pl": "Czytaj też|Czytaj także|Czytaj również|Czytaj więcej|Zobacz też|Zobacz także|Zobacz również|Polecamy|"
          "Najczęściej czytane|Przeczytaj też|Przeczytaj także|Powiązane artykuły",
    "da": "Læs også|Læs mere|Se også|Mest læste|Relaterede artikler|Relateret|Anbefalet",
    "sv": "Läs också|Läs även|Läs mer|Se även|Mest lästa|Relaterat|Relaterade artiklar|Rekommenderat",
    "no": "Les også|Les mer|Se også|Mest lest|Relaterte artikler",
    "fi": "Lue myös|Lue lisää|Luetuimmat",
    "ru": "Читайте также|Читать также|Смотрите также|См. также|По теме|Ещё по теме|Еще по теме|Новости по теме|"
          "Самое читаемое|Рекомендуем|Материалы по теме",
    "uk": "Читайте також|Дивіться також|Новини по темі",
    "tr": "İlgili haberler|İlgili Haberler|İlgili|Okumaya devam et|Bunlar da ilginizi çekebilir|Benzer haberler|"
          "Çok okunanlar|Gündemdeki haberler|Daha fazla haber",
    "cs": "Čtěte také|Čtěte též|Související články|Nejčtenější",
    "ro": "Citește și|Citeste si|Articole similare|Cele mai citite",
    "hu": "Olvassa el ezt is|Kapcsolódó cikkek|Legolvasottabb",
    "el": "Διαβάστε επίσης|Διαβάστε ακόμα",
    "ja": "関連|関連記事|関連ニュース|あわせて読みたい|合わせて読みたい|おすすめ記事|こちらもおすすめ|人気記事",
    "ko": "관련기사|관련 기사|함께 보면 좋은 기사|많이 본 뉴스",
    "zh": "相关新闻|相關新聞|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|相关报道|相關報導|更多新闻",
}
# Lines that list the story's tags or categories: their words are the site's index, not the story.
_TAG_HEADINGS = ("Tags|Tag|Topics|Tagi|Tematy|Emner|Ämnen|Etiketter|Теги|Метки|Темы|Etiketler|Konular|Etiquetas|"
                 "Temas|Schlagwörter|Schlagworte|Themen|Mots-clés|Mots clés|Sujets|Argomenti|Temi|Trefwoorden|"
                 "Onderwerpen|タグ|标签|標籤")

BLOCK_HEADINGS = frozenset(fold(h) for group in _BLOCK_HEADINGS_BY_LANGUAGE.values() for h in group.split("|"))
TAG_HEADINGS = frozenset(fold(h) for h in _TAG_HEADINGS.split("|"))
_LONGEST = max(len(h) for h in BLOCK_HEADINGS | TAG_HEADINGS)
# A line of prose is long; the headlines of a link block are short.
LINK_LINE_MAX = 160
_INLINE = re.compile(r"\s*[:：]\s*|\s+[-–—|»›]\s+")
# "【関連】シャオミ、日本で新モデル", "[Read also] ...": the heading in brackets opens the line.
_BRACKETED = re.compile(r"^\s*[【\[(（]([^】\])）]{1,30})[】\])）]\s*")
_LINK_ROW = re.compile(r"\s[|·•]\s")


def _heading_key(line: str) -> str:
    return fold(line).strip(" \t:：.>»›|-–—•·*【】[]()（）")


def is_block_heading(line: str) -> bool:
    """"Lees ook", "Czytaj też:", "ИЛИ Читайте также:", "相关新闻：": a heading over links to other stories."""
    return len(line) <= _LONGEST + 4 and _heading_key(line) in BLOCK_HEADINGS


def is_inline_link(line: str) -> bool:
    """"Czytaj też: Xiaomi wchodzi na polski rynek", "Tags: Apple Valley, budget": a heading and its
    link (or tag list) on one line."""
    if len(line) > 2 * LINK_LINE_MAX:
        return False
    bracketed = _BRACKETED.match(line)
    if bracketed is not None and _heading_key(bracketed.group(1)) in BLOCK_HEADINGS:
        return True
    match = _INLINE.search(line, 0, _LONGEST + 4)
    if match is None or match.start() == 0:
        return False
    head = _heading_key(line[: match.start()])
    return head in BLOCK_HEADINGS or head in TAG_HEADINGS


def is_link_row(line: str) -> bool:
    """"Xiaomi 15 Ultra im Test | Galaxy S25 Ultra | Pixel 9 Pro": three or more short items in a row
    with separators, no sentence."""
    if len(line) > LINK_LINE_MAX or line.rstrip().endswith((".", "。")):
        return False
    return len(_LINK_ROW.findall(line)) >= 2


# A share widget at the end of a line of page furniture: "【字号 大 中 小】 分享到：微信 微博 QQ空间".
_SHARE_TAIL = re.compile(
    r"(?:分享到|分享至|分享|Share on|Share this|Share|Teilen|Condividi|Partager|Compartir|Compartilhar|Delen|"
    r"Udostępnij|Del|Dela|Поделиться|Paylaş|共有)(?: [\w']+){0,2}\s*[:：]?\s*"
    r"(?:(?:微信|微博|QQ空间|QQ|朋友圈|豆瓣|Facebook|Twitter|X|LinkedIn|WhatsApp|Telegram|Reddit|Pinterest|E-?mail|"
    r"VK|ВКонтакте|Одноклассники|LINE|はてなブックマーク)[\s、,|/·]*){1,10}$",
    re.IGNORECASE,
)


def strip_share_tail(line: str) -> str:
    """The line without a trailing share widget ("... 分享到：微信 微博 QQ空间"): its names are buttons."""
    match = _SHARE_TAIL.search(line)
    return line[: match.start()].rstrip() if match else line


# A byline: "By Mike Hughes", "Door Wouter Laumans", "Av Linnea Andersson", "Par Juliette Garnier", "Af
# Ritzau". The writer is not what the story is about.
_BYLINE = re.compile(
    r"^(?:By|Door|Av|Af|Par|Por|Von|Di|Przez|Autor|Autorka|Text|Tekst|Texto|Testo|Автор|Yazan|Written by|"
    r"Reporting by)\s*[:：]?\s+[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃА-Я][\w.'-]*(?:\s+(?:van|de|der|den|da|di|von|y)?\s*[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃА-Я][\w.'-]*){0,3}"
    r"(?:\s*(?:[,|·•/–—-]|\s(?:and|und|en|och|og|et|e|y|i)\s).{0,60})?$"
)


def is_byline(line: str) -> bool:
    """A short line naming the story's writer (and perhaps the date or the desk)."""
    return len(line) <= 90 and _BYLINE.match(line.strip()) is not None


def drop_link_blocks(lines: list[str]) -> list[str]:
    """The lines without link blocks, inline links, tag lines and link rows."""
    out: list[str] = []
    in_block = False
    for line in lines:
        stripped = line.strip()
        if in_block:
            if not stripped or len(stripped) < LINK_LINE_MAX and not is_block_heading(stripped):
                continue
            in_block = False  # a paragraph of prose: the story goes on
        if stripped and is_block_heading(stripped):
            in_block = True
            continue
        if stripped and (is_inline_link(stripped) or is_link_row(stripped) or is_byline(stripped)):
            continue
        line = strip_share_tail(line)
        if stripped and not line.strip():
            continue
        out.append(line)
    return out
