"""Names that are also ordinary words: Apple the fruit, 小米 the grain, Orange the colour and the fruit.

Two tests, both pure:
- ``used_as_entity``: where one occurrence of a single-word exact-case form ("Apple") is written as a
  name (the ambiguity rule of ``bot.core.ambiguity``).
- ``speaks_of_produce``: whether a text is about fruit, grain, farming or cooking, in any language we
  may meet. In such a text a name that is also the produce's word ("Apple", "アップル", "苹果", "小米")
  names the company only beside a form of it no orchard uses ("Apple Inc.", "小米集团", "Apple Pay"):
  an apple-growers' story writes "Apple Blossom Festival", a Japanese café's "アップルパイ", a farm's
  "小米" thirty times, and none of them is news of the firm.
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.gazetteer import is_title_case
from bot.core.text import has_cjk, is_sentence_start

# Words of orchards, fields and kitchens, by language, accents kept. Latin, Cyrillic and Greek
# entries are whole words, or stems where they end in "*"; Chinese, Japanese and Korean ones match
# anywhere. Two different ones make a text about produce; tech news meets one now and then ("the
# fruits of its work"), rarely two.
_PRODUCE_BY_LANGUAGE = {
    # Not the words tech prose borrows: "a slice of the pie", "low-hanging fruit", "baked into iOS", "data
    # harvesting", "a grain of salt".
    "en": "orchard*|harvest|harvests|farmer*|grower*|apples|cider*|recipe*|baking|crumble|vinegar|millet|"
          "porridge|crops|acres|bushel*|blossom*|dessert*|ingredients|cereal*|pastry|fruit growers|fruit farm*",
    "de": "apfel*|äpfel*|obst*|ernte*|bauer|bauern|landwirt*|kuchen|rezept*|saft|plantage*|hirse|brei|streusel|"
          "zutaten|backen|getreide",
    "fr": "pomme|pommes|verger*|récolte*|fruit|fruits|agriculteur*|arboricult*|tarte*|cidre|recette*|millet|"
          "bouillie|cueillette|céréale*|ingrédients",
    "it": "mela|mele|meleto|meleti|frutteto|frutteti|frutta|agricoltor*|contadin*|torta|succo|sidro|ricetta|ricette|"
          "cereali|ingredienti|melicoltor*|frutticoltor*",
    "es": "manzana*|huerto*|cosecha*|fruta*|agricultor*|tarta|zumo|jugo|sidra|receta*|mijo|fruticultor*|cereal*|"
          "ingredientes",
    "pt": "maçã|maçãs|pomar*|colheita*|fruta*|agricultor*|torta|suco|sumo|sidra|receita*|painço|milheto|cereais|"
          "ingredientes",
    "nl": "appel*|boomgaard*|oogst*|fruitteler*|teler*|boer|boeren|taart*|recept*|gierst|graan",
    "pl": "jabłk*|jabłek|jabłoń*|sad|sady|sadow*|zbiór|zbiory|zbiorów|owoc*|rolnik*|szarlotk*|sok|cydr|"
          "proso|zboż*",
    "da": "æble*|frugt*|høst*|landmand|landmænd|kage|saft|opskrift*|hirse|avler*|korn",
    "sv": "äpplen*|frukt*|odlare*|skörd*|bonde|bönder|paj|must|recept*|hirs|spannmål",
    "no": "eple|epler*|frukt*|innhøsting*|avling*|bonde|bønder|fruktdyrker*|kake|saft|oppskrift*|hirse|korn",
    "fi": "omen*|hedelm*|sato|sadon|viljelij*|piira*|mehu*|resept*|hirssi*|vilja*",
    "ro": "măr|mere|livad*|recolt*|fruct*|fermier*|agricultor*|plăcint*|rețet*|mei|cereale",
    "hu": "alma*|gyümölcs*|szüret*|gazd*|pite*|recept*|köles*|termés*|gabona*",
    "cs": "jablk*|jablek|jabloň*|sad|sady|ovoc*|sklizeň|sklizně|zemědělc*|koláč*|recept*|jáhl*|proso|obilí",
    "sk": "jablk*|jabloň*|ovoc*|zber|pestovatel*|koláč*|recept*|proso|obilie",
    "el": "μήλ*|φρούτ*|συγκομιδ*|αγρότ*|καλλιέργει*|πίτα|χυμ*|συνταγ*|κεχρί|σιτηρ*",
    "ru": "яблок*|яблон*|фрукт*|урожа*|урожай|садовод*|фермер*|пирог*|сок|рецепт*|пшен*|просо|каш*|зерн*",
    "uk": "яблук*|яблун*|фрукт*|урожа*|урожай|садів*|фермер*|пиріг|пирог*|сік|рецепт*|пшон*|просо|каш*|зерн*",
    "tr": "elma*|meyve*|hasat*|çiftçi*|turta*|tarif|tarifi|darı|tahıl*",
    "vi": "quả táo|trái cây|thu hoạch|nông dân|vườn|bánh|nước ép|công thức|hạt kê|ngũ cốc",
    "id": "apel|buah|kebun|panen|petani|pai|jus|resep|jewawut|sereal",
    "ja": "りんご|リンゴ|林檎|果物|果樹|農家|収穫|パイ|ジュース|サイダー|レシピ|果汁|栽培|産地|ケーキ|雑穀|キビ|粟|農園",
    "ko": "과수원|농가|농민|수확|과일|파이|주스|레시피|좁쌀|잡곡|농장|사과나무",
    "zh": "果农|果農|果园|果園|果树|果樹|种植|種植|采摘|採摘|丰收|豐收|亩|畝|农户|農戶|农民|農民|水果|粥|谷子|穀子|杂粮|"
          "雜糧|食谱|食譜|做法|果汁|收获|收穫|产区|產區|鲜果|鮮果|小米粥|苹果树|蘋果樹|食材",
}
_UNSPACED = frozenset({"ja", "ko", "zh"})


def _casefold(text: str) -> str:
    """NFKC and casefold, accents kept: "sąd" (a court) is not "sad" (an orchard), "パイ" not "ハイ"."""
    return unicodedata.normalize("NFKC", text).casefold()


def _pattern(lang: str, words: str) -> re.Pattern[str]:
    if lang in _UNSPACED:
        return re.compile("|".join(sorted({_casefold(w) for w in words.split("|")}, key=len, reverse=True)))
    alternatives = sorted({_casefold(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words.split("|")},
                          key=len, reverse=True)
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W\d_])")


_PRODUCE = {lang: _pattern(lang, words) for lang, words in _PRODUCE_BY_LANGUAGE.items()}
# English words that other languages' texts use too ("Apple Pie" on a German café's menu); a text of
# unknown language is read with them alone (a short line: every language's short words would match).
_ALSO = _PRODUCE["en"]
PRODUCE_WORDS = 2


def speaks_of_produce(text: str, language: str = "") -> bool:
    """True when ``text`` uses two or more different words of orchards, fields or kitchens."""
    folded = _casefold(text)
    own = _PRODUCE.get(language)
    seen: set[str] = set()
    for pattern in (_ALSO,) if own is None or own is _ALSO else (own, _ALSO):
        seen.update(m.group()[:5] for m in pattern.finditer(folded))  # "orchard", "orchards": one word
        if len(seen) >= PRODUCE_WORDS:
            return True
    return False


def is_plain(surface: str, exact_case: bool) -> bool:
    """True when a form of an entity could be the ordinary word: a single word of an exact-case entity
    in any script but Chinese ("Apple", "アップル"), or a Chinese form of one word ("苹果", "小米")
    that the gazetteer keeps as a metonym. "Apple Inc.", "苹果公司" and "Apple Pay" are never plain; an
    article or a preposition before the word changes nothing ("la Mela", "della Mela": a fruit fair's name)."""
    words = surface.split()
    if len(words) > 1 and all(w.islower() for w in words[:-1]):
        surface = words[-1]
    if not surface.isalpha():
        return False
    han = any("\u4e00" <= c <= "\u9fff" for c in surface)
    return han and len(surface) <= 2 or exact_case and not han


def used_as_entity(text: str, start: int, end: int, line: str, english: bool, whole: str, part: int) -> bool:
    """The ambiguity rule (``bot.core.ambiguity``'s docstring) for one hit of a single-word exact-case form."""
    surface = text[start:end]
    if has_cjk(surface) or not surface.isalpha():
        return True  # 苹果公司, "Apple Inc.", "Amazon.com": no common word looks like these
    if part and english and is_title_case(line):
        return False
    if (start == 0 or is_sentence_start(text, start)) and lowercase_word_in(whole, surface.lower()):
        return False
    return True


def lowercase_word_in(text: str, word: str) -> bool:
    """True when ``word`` starts a word of ``text`` in lower case ("apples" counts for "apple")."""
    i = text.find(word)
    while i != -1:
        if i == 0 or not text[i - 1].isalnum():
            return True
        i = text.find(word, i + 1)
    return False
