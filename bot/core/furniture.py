"""Page furniture inside an article body: link blocks ("Read also", "Czytaj też", "Читайте также"),
tag lines, credits, plugs and link rows, in any language we may meet.

A link block is a heading (from ``_BLOCK_HEADINGS``, or a short one whose first word says read, see or
related) followed by the headlines of other stories. It may sit anywhere in the body, so it is dropped
where it stands: the heading and the short lines after it, up to the next paragraph of prose. The same
words followed by a colon and a headline on one line ("Czytaj też: Xiaomi wchodzi na polski rynek")
are one link. None of it is the story: its names must not become the article's entities nor reach a
follower.

Word lists never cover every site, so the shape counts too, whatever the language:
- after the story's last line of prose, two or more short lines that end no sentence, headlines among
  them, are the page's tail (``drop_trailing_links``);
- a short heading ending in a colon over two or more headlines is a list of links, and three or more
  headlines in a row between paragraphs are a box of other stories;
- an arrow opens a link ("▶ ..."), a short "Foto: X" or a trailing "(Foto: X)" credits a picture, and
  a line that subscribes or follows ("Iscriviti alla newsletter", "Ikuti ... di Google News") is a plug.
Rows of a ranking ("Apple 23%") and items that end in commas or full stops are the story's own lists.
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.text import fold

# Headings that open a block of links to other stories, by language. Folded before comparison.
_BLOCK_HEADINGS_BY_LANGUAGE = {
    "en": "Read next|Read more|Read also|Also read|More on this|More on this story|Related coverage|Related content|"
          "Related reading|Related topics|Recommended reads|Recommended reading|Recommended for you|See also|"
          "Further reading|Most viewed|Trending|Don't miss|More news|Latest news|Top stories|Editor's picks|"
          "Related|Related stories|Related articles|Related news|Most popular|Most read|You may also like|"
          "You might also like|Recommended|More stories",
    "it": "Leggi anche|Vedi anche|Guarda anche|Leggi di più|Da non perdere|Ti consigliamo|Potrebbe interessarti|Approfondimenti|"
          "Gli articoli più letti|Notizie correlate|Correlati",
    "de": "Lesen Sie auch|Lesen Sie mehr|Mehr dazu|Mehr zum Thema|Auch interessant|Weiterlesen|Ähnliche Themen|"
          "Das könnte Sie auch interessieren|Das könnte Sie interessieren|Empfohlene Artikel|Zum Thema",
    "fr": "À lire aussi|A lire aussi|Lire aussi|À lire également|Sur le même sujet|Voir aussi|À voir aussi|"
          "Nos articles sur le sujet|Articles recommandés|Les plus lus|À découvrir",
    "es": "Lee también|Lea también|Leer también|Sigue leyendo|Te recomendamos|También te puede interesar|Más información|"
          "Te puede interesar|Noticias relacionadas|Contenido relacionado|Lo más leído|Más noticias",
    "pt": "Leia também|Leia mais|Veja também|Veja mais|Saiba mais|Leia ainda|Notícias relacionadas|"
          "Mais lidas|Mais lidos|Relacionadas|Relacionados|Recomendados para você|Mais notícias",
    "nl": "Lees ook|Lees meer|Lees verder|Bekijk ook|Meer over dit onderwerp|Gerelateerd|Gerelateerde artikelen|"
          "Meest gelezen|Meer nieuws|Ook interessant",
    "pl": "Czytaj też|Czytaj także|Czytaj również|Czytaj więcej|Zobacz też|Zobacz także|Zobacz również|Polecamy|"
          "Najczęściej czytane|Przeczytaj też|Przeczytaj także|Powiązane artykuły",
    "da": "Læs også|Læs mere|Se også|Mest læste|Relaterede artikler|Relateret|Anbefalet",
    "sv": "Läs också|Läs även|Läs mer|Se även|Mest lästa|Relaterat|Relaterade artiklar|Rekommenderat",
    "no": "Les også|Les mer|Se også|Mest lest|Relaterte artikler|Anbefalt",
    "fi": "Lue myös|Lue lisää|Luetuimmat|Suosittelemme|Aiheesta muualla",
    "ru": "Читайте также|Читать также|Смотрите также|См. также|По теме|Ещё по теме|Еще по теме|Новости по теме|"
          "Самое читаемое|Рекомендуем|Материалы по теме|Вас может заинтересовать|Популярное",
    "uk": "Читайте також|Дивіться також|Новини по темі|Вас може зацікавити|Популярне|Більше новин",
    "tr": "İlgili haberler|İlgili Haberler|İlgili|Okumaya devam et|Bunlar da ilginizi çekebilir|Benzer haberler|"
          "Çok okunanlar|Gündemdeki haberler|Daha fazla haber",
    "cs": "Čtěte také|Čtěte též|Související články|Související|Nejčtenější|Mohlo by vás zajímat|"
          "Mohlo by vás také zajímat|Doporučujeme",
    "sk": "Čítajte aj|Čítajte tiež|Súvisiace články|Najčítanejšie|Mohlo by vás zaujímať",
    "ro": "Citește și|Citeste si|Vezi și|Vezi si|Articole similare|Articole recomandate|Cele mai citite",
    "hu": "Olvassa el ezt is|Olvasd el ezt is|Olvasd el|Ezt is olvasd|Kapcsolódó cikkek|Kapcsolódó|Legolvasottabb|"
          "Ezek is érdekelhetik|Ez is érdekelheti|Ajánljuk",
    "el": "Διαβάστε επίσης|Διαβάστε ακόμα|Δείτε επίσης|Σχετικά άρθρα|Δημοφιλή",
    "id": "Baca juga|Baca Juga|Simak juga|Lihat juga|Berita terkait|Artikel terkait|Terpopuler|Rekomendasi",
    "ms": "Berita berkaitan|Artikel berkaitan|Lagi berita|Paling popular|Baca lagi",
    "tl": "Basahin din|Basahin pa|Kaugnay na balita|Iba pang balita",
    "sw": "Soma pia|Soma zaidi|Habari zinazohusiana|Habari zaidi",
    "ca": "Llegeix també|Llegiu també|Notícies relacionades|El més llegit",
    "hr": "Pročitajte i|Pročitajte još|Povezani članci|Vezane vijesti|Najčitanije",
    "sl": "Preberite tudi|Povezane novice|Najbolj brano",
    "bg": "Прочетете още|Още по темата|Свързани новини|Вижте още|Най-четени",
    "lt": "Taip pat skaitykite|Skaitykite taip pat|Susiję straipsniai|Skaitomiausi",
    "lv": "Lasi arī|Lasiet arī|Saistītie raksti",
    "et": "Loe ka|Loe lisaks|Seotud artiklid|Loetumad",
    "ar": "اقرأ أيضا|اقرأ أيضاً|إقرأ أيضا|إقرأ أيضاً|اقرأ المزيد|شاهد أيضا|مواضيع ذات صلة|أخبار ذات صلة|الأكثر قراءة",
    "fa": "بیشتر بخوانید|بخوانید|مطالب مرتبط|اخبار مرتبط|پربازدیدترین‌ها",
    "he": "קראו גם|קראו עוד|עוד באתר|עוד בנושא|כתבות נוספות|הכי נקראים",
    "hi": "यह भी पढ़ें|ये भी पढ़ें|और पढ़ें|ज़रूर पढ़ें|जरूर पढ़ें|संबंधित खबरें|सम्बंधित खबरें|टॉप स्टोरी",
    "bn": "আরও পড়ুন|আরো পড়ুন|সম্পর্কিত খবর|সংশ্লিষ্ট খবর",
    "ur": "یہ بھی پڑھیں|مزید پڑھیں|متعلقہ خبریں",
    "th": "อ่านเพิ่มเติม|อ่านข่าวต่อ|ข่าวที่เกี่ยวข้อง|ข่าวเกี่ยวข้อง|บทความที่เกี่ยวข้อง",
    "vi": "Xem thêm|Đọc thêm|Tin liên quan|Bài liên quan|Tin cùng chuyên mục|Đọc nhiều nhất",
    "ja": "関連|関連記事|関連ニュース|あわせて読みたい|合わせて読みたい|おすすめ記事|こちらもおすすめ|人気記事",
    "ko": "관련기사|관련 기사|관련뉴스|관련 뉴스|함께 보면 좋은 기사|많이 본 뉴스|많이 본 기사|추천 기사",
    "zh": "相关新闻|相關新聞|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|相关报道|相關報導|更多新闻",
}
# Lines that list the story's tags or categories: their words are the site's index, not the story.
_TAG_HEADINGS = ("Tags|Tag|Topics|Keywords|Tagi|Tematy|Emner|Emneord|Ämnen|Etiketter|Теги|Метки|Темы|Мітки|Теми|"
                 "Etiketler|Konular|Etiquetas|Temas|Palavras-chave|Assuntos|Schlagwörter|Schlagworte|Stichworte|"
                 "Themen|Mots-clés|Mots clés|Sujets|Argomenti|Temi|Trefwoorden|Onderwerpen|Témata|Štítky|Tagy|Témy|"
                 "Címkék|Témák|Etichete|Subiecte|Aiheet|Tagit|Avainsanat|Ετικέτες|Θέματα|Từ khóa|Thẻ|Chủ đề|Topik|"
                 "Kata kunci|태그|키워드|タグ|キーワード|标签|標籤|关键词|關鍵詞")
# Lines that credit a photo or a source: "Foto: Alibaba", "Photo: Reuters", "写真：共同". The name on
# them made the picture; it is not what the story says. Only short lines: "Source:" may open prose.
_CREDIT_HEADINGS = ("Photo|Photos|Photograph|Foto|Fotos|Fotó|Fotografia|Fotografie|Fotograf|Zdjęcie|Fot|Kuva|Bild|"
                    "Bilder|Image|"
                    "Picture|Illustration|Ilustracja|Credit|Credits|Photo credit|Crédit photo|Crédits photo|"
                    "Source|Quelle|Fonte|Fuente|Źródło|Zdroj|Kilde|Källa|Bron|Kaynak|Sumber|Nguồn|Ảnh|Forrás|Sursa|"
                    "Lähde|Πηγή|Φωτογραφία|Фото|Источник|Джерело|写真|画像|出典|사진|출처|图|圖|图片|圖片|来源|來源")
CREDIT_LINE_MAX = 80
# Lines about the writer: "Autorka: Anna Nowak – dziennikarka, wcześniej w firmie Xiaomi", "O autorovi: ...".
# A bio names the writer's past employers, not the story's subjects.
_AUTHOR_HEADINGS = ("About the author|The author|Author|Über den Autor|Über die Autorin|Zum Autor|Zur Autorin|"
                    "Der Autor|Die Autorin|L'autore|L'autrice|Sull'autore|À propos de l'auteur|L'auteur|"
                    "L'autrice|Sobre el autor|Sobre la autora|Sobre o autor|Sobre a autora|Over de auteur|"
                    "Over de schrijver|Om skribenten|Om författaren|Om forfatteren|Kirjoittaja|"
                    "Autor|Autorka|O autorze|O autorovi|O autorce|O autorke|A szerzőről|Despre autor|"
                    "Yazar hakkında|Yazar|Об авторе|Про автора|Σχετικά με τον συγγραφέα|Tentang penulis|Penulis|"
                    "Tác giả|著者プロフィール|筆者プロフィール|著者|筆者|필자 소개|기자 소개|필자|作者简介|作者簡介|作者")

BLOCK_HEADINGS = frozenset(fold(h) for group in _BLOCK_HEADINGS_BY_LANGUAGE.values() for h in group.split("|"))
TAG_HEADINGS = frozenset(fold(h) for h in _TAG_HEADINGS.split("|"))
CREDIT_HEADINGS = frozenset(fold(h) for h in _CREDIT_HEADINGS.split("|"))
AUTHOR_HEADINGS = frozenset(fold(h) for h in _AUTHOR_HEADINGS.split("|"))
# "VIDEO | La prova dello Huawei Pura 80", "PODCAST | ...": a promo for the site's other media.
_MEDIA_PROMO = re.compile(r"^(?:video|videos|foto|fotogallery|gallery|galleria|podcast|audio|watch|listen|guarda|"
                          r"ascolta|видео|відео|βίντεο|wideo|视频|視頻|動画|영상)\s*[|｜]\s*\S", re.IGNORECASE)
# "More from Business", "Mehr aus Wirtschaft": a heading that names the section it links to.
_SECTION_HEADING = re.compile(r"^(?:more from|more in|mehr aus|mehr zu|plus de|más de|mais de|altro da|meer uit|"
                              r"więcej z|ещё из|еще из|більше з|mer från|mere fra|mer fra)(?: \w+){1,3}$")
# "VIDEO 04:12", "Видео 2:31": a video promo's duration, over the headline of another story.
_VIDEO_MARK = re.compile(r"^(?:video|vídeo|vidéo|видео|відео|βίντεο|wideo|视频|視頻|動画|영상)\s*\d{1,2}:\d{2}$")
_LONGEST = max(len(h) for h in BLOCK_HEADINGS | TAG_HEADINGS)
# A line of prose is long; the headlines of a link block are short.
LINK_LINE_MAX = 160
_INLINE = re.compile(r"\s*[:：]\s*|\s+[-–—|»›]\s+")
# "【関連】シャオミ、日本で新モデル", "[Read also] ...": the heading in brackets opens the line.
_BRACKETED = re.compile(r"^\s*[【\[(（]([^】\])）]{1,30})[】\])）]\s*")
_LINK_ROW = re.compile(r"\s[|·•]\s")


# Words that make a short heading before a colon a pointer to other stories, in any language we may
# meet: read, see, also, related, more. "Přečtěte si také:", "Прочитайте також:", "İlgili Haber:".
_POINTER_WORDS = frozenset(fold(w) for w in (
    "read|see|also|related|lees|bekijk|ook|les|læs|läs|også|också|även|lue|katso|myös|leia|lea|lee|veja|vea|"
    "leggi|vedi|guarda|ascolta|anche|lire|voir|aussi|lesen|lies|siehe|auch|czytaj|przeczytaj|zobacz|też|"
    "także|również|čtěte|"
    "přečtěte|také|též|čítajte|prečítajte|tiež|olvassa|olvasd|lásd|citește|citiți|vezi|și|читайте|прочитайте|"
    "смотрите|также|дивіться|також|διαβάστε|δείτε|επίσης|ακόμα|okuyun|oku|bkz|ilgili|baca|lihat|simak|juga|đọc|"
    "xem|thêm|liên|quan|terkait|kapcsolódó|relacionado|relacionada|correlato|correlati|gerelateerd|relaterat|"
    "relateret|relaterte|связанные|пов'язані|σχετικά").split("|"))
_CJK_POINTERS = ("関連", "相关", "相關", "관련", "延伸", "推荐", "推薦", "あわせて", "合わせて", "함께 보면", "함께 읽")


def _is_pointer_heading(head: str) -> bool:
    """"Přečtěte si také", "İlgili Haber", "関連リンク": a few words, the first says read, see or related."""
    if len(head) > 30:
        return False
    if any(head.startswith(p) for p in _CJK_POINTERS):
        return True
    words = head.split()
    return 0 < len(words) <= 4 and words[0] in _POINTER_WORDS


_MARKS = ("So", "Sm")  # symbols: block and box elements, arrows, bullets, emoji


def _heading_key(line: str) -> str:
    """The heading's words, without the marks pages dress it in: "▍延伸阅读", "► Lesen Sie auch:", "■ 関連"."""
    key = fold(line).strip(" \t:：.>»›|-–—•·*【】[]()（）")
    start, end = 0, len(key)
    while start < end and unicodedata.category(key[start]) in _MARKS:
        start += 1
    while end > start and unicodedata.category(key[end - 1]) in _MARKS:
        end -= 1
    return key[start:end].strip(" \t:：.>»›|-–—•·*【】[]()（）")


def is_block_heading(line: str) -> bool:
    """"Lees ook", "Czytaj też:", "ИЛИ Читайте также:", "相关新闻：": a heading over links to other stories."""
    if len(line) > _LONGEST + 4:
        return False
    key = _heading_key(line)
    if key in BLOCK_HEADINGS or _SECTION_HEADING.match(key) is not None or _VIDEO_MARK.match(key) is not None:
        return True
    # "İLGİLİ HABER", "関連リンク", "함께 보면 좋은 뉴스": pointer words and nothing that says more.
    return len(key) <= 16 and len(key.split()) <= 3 and _is_pointer_heading(key) and not _SENTENCE_END.search(line)


def is_inline_link(line: str) -> bool:
    """"Czytaj też: Xiaomi wchodzi na polski rynek", "Tags: Apple Valley, budget": a heading and its
    link (or tag list) on one line; also a media promo ("VIDEO | ...") and a writer's bio ("Autorka: ...")."""
    if len(line) > 2 * LINK_LINE_MAX:
        return False
    if len(line) <= LINK_LINE_MAX and _MEDIA_PROMO.match(line) is not None:
        return True
    bracketed = _BRACKETED.match(line)
    if bracketed is not None and _heading_key(bracketed.group(1)) in BLOCK_HEADINGS:
        return True
    match = _INLINE.search(line, 0, _LONGEST + 4)
    if match is None or match.start() == 0:
        return False
    head = _heading_key(line[: match.start()])
    if head in CREDIT_HEADINGS:
        return len(line) <= CREDIT_LINE_MAX
    if head in AUTHOR_HEADINGS:
        return True
    # A headline may end with a full stop; a sentence of prose that opens with "Related:" is longer.
    heading = head in BLOCK_HEADINGS or head in TAG_HEADINGS or _is_pointer_heading(head)
    return heading and not is_prose(line[match.end():])


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


# A credit at the end of a caption or paragraph: "(Foto: Apple)", "[Photo: Xiaomi]", "© Huawei".
_CREDIT_TAIL = re.compile(
    rf"\s*(?:[(\[（【]\s*(?:{_CREDIT_HEADINGS}|©)\s*[:：]?\s*[^()\[\]（）【】\n]{{1,60}}[)\]）】]"
    rf"|(?<=[.!?。])\s*©\s*[^.!?。\n]{{1,50}}"
    # "... at the Barbican. Photograph: VCG/Getty Images for Huawei": a caption's credit after its last sentence
    rf"|(?<=[.!?。])\s+(?:{_CREDIT_HEADINGS})\s*[:：]\s*[^.!?。\n]{{1,60}})\s*$",
    re.IGNORECASE,
)


def strip_credit_tail(line: str) -> str:
    """The line without a trailing photo credit ("... vor. (Foto: Apple)"): who took the picture."""
    if "(" not in line and "[" not in line and "（" not in line and "【" not in line and "©" not in line and (
            ":" not in line and "：" not in line):
        return line
    match = _CREDIT_TAIL.search(line)
    return line[: match.start()].rstrip() if match else line


def strip_share_tail(line: str) -> str:
    """The line without a trailing share widget ("... 分享到：微信 微博 QQ空间"): its names are buttons."""
    match = _SHARE_TAIL.search(line)
    return line[: match.start()].rstrip() if match else line


# A byline: "By Mike Hughes", "Door Wouter Laumans", "Av Linnea Andersson", "Par Juliette Garnier", "Af
# Ritzau", "di Marco Valsania", "Oleh Dimas Andhika Fikri", "Reporter: Fika Nurul Ulya | Editor: Hesti
# Rika", "Text: Per Lindqvist  Foto: Emma Larsson", "Van onze redacteur Wilco Dekker". The writer (and the
# photographer) are not what the story is about. Words that open sentences too ("By", "Door", "Par") are
# followed by a capitalised name and nothing but a separator; "di", "de", "da" count only in lowercase.
_BY = ("(?i:by|written by|reporting by|editing by|door|av|af|par|por|von|przez|autor|autorka|autorzy|text|tekst|"
       "texto|testo|teksti|szöveg|szerző|írta|автор|авторы|текст|yazan|muhabir|oleh|penulis|reporter|editor|"
       "redaktur|wartawan|foto|fotos|fot\\.|photo|photos|kuva|fotó|skrevet af|skrevet av|forfatter|"
       "van onze \\w+|von unserem \\w+|de notre \\w+|dal nostro \\w+|del nostro \\w+|de nuestro \\w+)|di|de|da|"
       "από|του|της")
_NAME_WORD = "[^\\W\\d_a-zà-ÿа-я][\\w.'-]*"
_PARTICLE = "(?:van|de|der|den|da|di|do|dos|das|del|la|le|du|des|ter|ten|zu|von|y|e|bin|ibn)"
_PERSON = f"{_NAME_WORD}(?:\\s+(?:{_PARTICLE}\\s+){{0,2}}{_NAME_WORD}){{0,3}}"
_BYLINE_SEGMENT = re.compile(
    f"^(?:{_BY})\\s*[:：]?\\s+{_PERSON}(?:\\s+(?:{_BY})\\s*[:：]?\\s+{_PERSON})*(?:\\s*(?:[,/–—(-]|\\s+(?=\\d)|\\s(?:and|und|en|och|og|et|e|y|i|és|ve|и|dan|avec|with|mit|con|com|met|med)\\s).{{0,60}})?$"
)
_SEGMENTS = re.compile(r"\s*[|·•]\s*|\s{2,}")
BYLINE_MAX = 120


def is_byline(line: str) -> bool:
    """A short line naming the story's writer (and perhaps the date, the desk or the photographer):
    one of its segments (split at "|", "·" or a wide gap) is a byline, and the line ends no sentence
    unless it is that segment alone."""
    line = line.strip()
    if len(line) > BYLINE_MAX:
        return False
    if _BYLINE_SEGMENT.match(line):
        return len(line) <= 90 or not _SENTENCE_END.search(line)
    segments = [seg for seg in _SEGMENTS.split(line) if seg]
    return (len(segments) > 1 and not _SENTENCE_END.search(line)
            and any(_BYLINE_SEGMENT.match(seg) for seg in segments))


# A writer's name alone on the line above (or beside) the date, before the story starts: "Andrea Martel"
# over "04.12.2026, 05.30 Uhr", "Joana Cunha | Salvador" over "9.out.2025 às 14h00".
_BARE_NAME = re.compile(f"^{_NAME_WORD}(?:\\s+(?:{_PARTICLE}\\s+){{0,2}}{_NAME_WORD}){{1,3}}(?:\\s*[|,]\\s*[^|,]{{1,30}})?$")
_DATE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\d{1,2}[./:h]\d{2}(?!\d)")
DATE_LINE_MAX = 60


def _is_bare_byline(line: str, following: str) -> bool:
    return (len(line) <= 60 and _BARE_NAME.match(line) is not None
            and len(following) <= DATE_LINE_MAX and _DATE.search(following) is not None)


def _drop_bare_bylines(lines: list[str]) -> list[str]:
    """The lines without a writer's name alone over the date, above the story's first line of prose."""
    first = next((i for i, line in enumerate(lines) if line.strip() and is_prose(line.strip())), len(lines))
    dropped = set()
    for i in range(first):
        line = lines[i].strip()
        if not line:
            continue
        following = next((x.strip() for x in lines[i + 1:first + 1] if x.strip()), "")
        if _is_bare_byline(line, following):
            dropped.add(i)
    return [line for i, line in enumerate(lines) if i not in dropped] if dropped else lines


# "▶ 샤오미, 국내 첫 오프라인 매장 연다", "» Huawei baut in Delft": an arrow opens a link, never a sentence.
_ARROW = re.compile(r"^\s*[▶►▷▸▹➤➔➜→⇒»›]\s*\S")
# A line that ends a sentence: full stop, question or exclamation mark, perhaps inside quotes.
_SENTENCE_END = re.compile(r"[.!?…。！？](?:[\"'“”‘’«»‹›)）\]」』]*)\s*$")
# A line of prose has at least this many words (or CJK characters): a headline, a caption or a
# heading has fewer, or ends no sentence.
PROSE_WORDS = 12
PROSE_CJK = 30
# A headline in the page's tail is shorter than this; a paragraph cut off mid-sentence is longer.
TAIL_LINE_MAX = 110
# A headline has at least this many words (or CJK characters); a row of a ranking has fewer.
HEADLINE_WORDS = 3
HEADLINE_CJK = 8


def is_arrow_link(line: str) -> bool:
    """A short line opened by an arrow and ending no sentence: a link to another story."""
    return len(line) <= LINK_LINE_MAX and _ARROW.match(line) is not None and not _SENTENCE_END.search(line)


# Characters of scripts written without spaces (as ``bot.core.text.is_cjk`` counts them), for counting
# in one call: a line is read several times, and a loop over its characters is the slow part.
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002a6df]")


def is_prose(line: str) -> bool:
    """A line of the story: long, or a full sentence of some length."""
    if len(line) >= LINK_LINE_MAX:
        return True
    if _SENTENCE_END.search(line) is None:
        return False
    return len(line.split()) >= PROSE_WORDS or len(_CJK_CHAR.findall(line)) >= PROSE_CJK


# A full stop inside the line, then more text: a space follows in alphabetic scripts, nothing in CJK ones.
_INNER_SENTENCE_END = re.compile(r"[.!?…][\"'“”‘’«»‹›)）\]」』]*\s+\S|[。！？][\"'“”‘’«»‹›)）\]」』]*\S")


# Headlines stay under this; a sentence of the story that long is a paragraph.
HEADLINE_MAX = 100


def resumes_story(line: str) -> bool:
    """After a block of links, a paragraph of the story: a sentence longer than any headline, or more
    than one. A headline in the block may be a full sentence too ("Huawei ouvre une usine en Alsace : où
    en est le projet ?")."""
    return is_prose(line) and (len(line) >= HEADLINE_MAX or _INNER_SENTENCE_END.search(line) is not None)


def _is_list_heading(line: str) -> bool:
    """"Mohlo by vás zajímat:", "Baca juga:": a few words and a colon, over a list."""
    return len(line.split()) <= 6 and len(line) <= 60 and line.rstrip().endswith((":", "："))


def _is_headline(line: str) -> bool:
    """Long enough to be a headline: "Apple odkládá novou Siri", not "Apple 23%" (a ranking's row)."""
    return len(line.split()) >= HEADLINE_WORDS or len(_CJK_CHAR.findall(line)) >= HEADLINE_CJK


def drop_trailing_links(lines: list[str]) -> list[str]:
    """The lines without the page's tail: after the story's last line of prose, two or more short lines
    that end no sentence ("More from Business / How PayPal's new crypto rails work / ...", a caption,
    a share row, a list of headlines) are the page around the story, whatever its language.
    A body with no prose (a feed summary, a list) keeps everything."""
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip() and is_prose(lines[i].strip())), -1)
    if last < 0:
        return lines
    tail = [line.strip() for line in lines[last + 1:] if line.strip()]
    if (sum(map(_is_headline, tail)) >= 2
            and all(len(line) <= TAIL_LINE_MAX and not _SENTENCE_END.search(line) for line in tail)):
        return lines[: last + 1]
    return lines


def _drop_listed_links(lines: list[str]) -> list[str]:
    """Lists under a colon heading ("Mohlo by vás zajímat:" and two headlines) inside the body: the
    heading and the short lines under it that end no sentence, when two or more do."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped and _is_list_heading(stripped):
            j, items = i + 1, 0
            while j < len(lines):
                item = lines[j].strip()
                # An item ending in a comma or semicolon is a clause of a list the story reads out.
                # A short item ("Apple 23%") is a row of a list the story gives: rankings, results.
                if item and (len(item) >= LINK_LINE_MAX or _SENTENCE_END.search(item) or _is_list_heading(item)
                             or item.endswith((",", ";", "，", "；")) or not _is_headline(item)):
                    break
                items += bool(item)
                j += 1
            if items >= 2:
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


# Short lines in a row that end no sentence, between two lines of prose: a box of other stories'
# headlines ("この記事を読んだ人はこちらも / ・台湾、… / ・台風で…") whatever its heading says.
HEADLINE_RUN = 3


def _is_headline_like(line: str) -> bool:
    return (len(line) <= TAIL_LINE_MAX and not _SENTENCE_END.search(line) and not is_prose(line)
            and not line.endswith((",", ";", "，", "；")) and _is_headline(line))


def _drop_headline_runs(lines: list[str]) -> list[str]:
    """The lines without runs of ``HEADLINE_RUN`` or more headline-like lines inside the story (after its
    first line of prose, before its last: the top holds the headline, standfirst and byline)."""
    prose = [i for i, line in enumerate(lines) if line.strip() and is_prose(line.strip())]
    if len(prose) < 2:
        return lines
    dropped: set[int] = set()
    run: list[int] = []
    for i in range(prose[0] + 1, prose[-1] + 1):
        stripped = lines[i].strip()
        if not stripped:
            continue
        if _is_headline_like(stripped):
            run.append(i)
            continue
        if len(run) >= HEADLINE_RUN:
            dropped.update(run)
        run = []
    return [line for i, line in enumerate(lines) if i not in dropped] if dropped else lines


# A plug for the site's newsletter or social accounts: a verb of subscribing or following, and what
# to subscribe to or follow, on one short line. A story about a newsletter says more than that.
# Compared as lower-case substrings: a few dozen ``in`` tests cost less than one case-blind regex.
_PLUG_VERBS = tuple(
    "sign up|subscribe|iscriviti|iscrivetevi|abonnez|abonnier|melden sie sich|suscríbete|suscribite|assine|"
    "inscreva|meld je aan|schrijf je in|zapisz się|prenumer|tilaa|iratkozz|abonează|подпиш|підпиш|abone ol|"
    "đăng ký|berlangganan|구독|購読|订阅|訂閱|follow us|seguici|folgen sie uns|suivez-nous|síguenos|siga-nos|"
    "volg ons|obserwuj nas|följ oss|følg os|følg oss|seuraa meitä|kövess|urmărește-ne|следите за нами|"
    "стежте за нами|bizi takip|theo dõi|ikuti|팔로우|フォロー|关注我们|關注我們".split("|")
)
_PLUG_OBJECTS = tuple(
    "newsletter|nieuwsbrief|nyhetsbrev|nyhedsbrev|uutiskirje|hírlevél|bülten|рассылк|розсилк|bản tin|뉴스레터|"
    "ニュースレター|新闻简报|電子報|google news|telegram|facebook|instagram|whatsapp|youtube|tiktok|linkedin|"
    "twitter|канал|kanał|kanaal|wechat|微信|微博".split("|")
)
PLUG_LINE_MAX = 220


def is_plug(line: str) -> bool:
    """"Iscriviti alla newsletter Tech: ...", "Ikuti berita terkini di Google News": the site selling itself."""
    if len(line) > PLUG_LINE_MAX:
        return False
    lowered = line.casefold()
    return any(o in lowered for o in _PLUG_OBJECTS) and any(v in lowered for v in _PLUG_VERBS)


def drop_link_blocks(lines: list[str]) -> list[str]:
    """The lines without link blocks, inline links, tag lines, credits, link rows and the page's tail."""
    out: list[str] = []
    in_block = False
    for line in drop_trailing_links(lines):
        stripped = line.strip()
        if in_block:
            if not stripped or not resumes_story(stripped) and not is_block_heading(stripped):
                continue
            in_block = False  # a paragraph of prose: the story goes on
        if stripped and is_block_heading(stripped):
            in_block = True
            continue
        if stripped and (is_inline_link(stripped) or is_link_row(stripped) or is_byline(stripped)
                         or is_arrow_link(stripped) or is_plug(stripped)):
            continue
        line = strip_credit_tail(strip_share_tail(line))
        if stripped and not line.strip():
            continue
        out.append(line)
    return drop_trailing_links(_drop_headline_runs(_drop_listed_links(_drop_bare_bylines(out))))


# A line shorter than this, in a run of FURNITURE_RUN or more such lines, is page furniture (the matcher
# blanks them: a product box, a sidebar).
SHORT_LINE_WORDS = 6
SHORT_LINE_CJK = 15
FURNITURE_RUN = 3


def short_line_runs(text: str) -> frozenset[int]:
    """Line numbers of page furniture: runs of short lines (a product box, a sidebar, a link list).

    A body with no line of prose at all (a one-line feed summary) has no furniture: it is all article.
    """
    runs: list[list[int]] = []
    run: list[int] = []
    prose = False
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if not stripped:
            continue
        short = len(stripped.split()) < SHORT_LINE_WORDS and (
            len(stripped) < SHORT_LINE_CJK or len(_CJK_CHAR.findall(stripped)) < SHORT_LINE_CJK)
        if short:
            run.append(i)
            continue
        prose = True
        if len(run) >= FURNITURE_RUN:
            runs.append(run)
        run = []
    if len(run) >= FURNITURE_RUN:
        runs.append(run)
    if not prose:
        return frozenset()
    return frozenset(i for r in runs for i in r)
