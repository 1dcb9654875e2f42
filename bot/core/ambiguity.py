"""Which entities an article names as themselves, in prose: the ambiguity rule. Pure.

An entity whose name is also an ordinary word is marked ``exact_case`` in the gazetteer (Apple/apple,
Amazon/amazon, TIM/tim, Visa/visa); its weak forms (Ma for Jack Ma) already count only capitalised,
mid-sentence and beside the full name. A single-word exact-case form such as "Apple" counts as the
entity only where the text uses it as one:
- written as the gazetteer writes it (so "apple pie" and "pineapple" never count);
- not in a Title Case line of an English text ("Classic Apple Pie"), where capitals prove nothing;
- and, at the start of a sentence or headline, only if the text never uses the word in lower case
  ("Apple pie is easy. Peel the apples" is about fruit).
Unambiguous aliases (苹果公司, "Apple Inc.") and CJK forms always count by this rule. In a text about
orchards, fields or kitchens (``bot.core.homographs``), a form the produce shares ("Apple", "アップル",
小米) counts only beside a form no farm uses ("Apple Inc.", 小米集团, "Apple Pay"). A name beside a
venue noun ("PayPal Park", "みずほPayPayドーム", ``bot.core.venues``) names the place, not the firm.
Page furniture (``bot.core.furniture``) names nothing.
"""

from __future__ import annotations

from bisect import bisect_right

from bot.core.entities import GENITIVE_S, STRONG, TITLE_CASE_LANGUAGES, Gazetteer, is_title_case
from bot.core.homographs import is_plain, speaks_of_produce, used_as_entity
from bot.core.roles import INFLECTING_LANGUAGES
from bot.core.text import has_cjk
from bot.core.venues import is_venue
from bot.types import Summary


def named_entities(gaz: Gazetteer, summary: Summary, wanted: frozenset[str], furniture: frozenset[int],
                   makers: dict[str, list[str]]) -> dict[str, list[int]]:
    """Entities of ``wanted`` named as themselves in prose: ``{name: [title hits, body hits]}``.

    ``furniture``: the body's lines that are not prose. ``makers``: product -> the entities it is named
    after ("Apple Pay" -> Apple); a product vouches for its maker in a text about orchards.
    """
    # A text too short to tell its language gets English's caution: a Title Case line proves nothing.
    english = summary.language in TITLE_CASE_LANGUAGES
    counts: dict[str, list[int]] = {}
    strong: set[str] = set()
    plain_only: dict[str, bool] = {}  # name -> named only by forms an orchard or a field also uses
    whole = f"{summary.headline}\n{summary.text}"
    for part, text in ((0, summary.headline), (1, summary.text)):
        if not text:
            continue
        lines = text.split("\n") if part else [text]
        starts = _line_starts(text) if part else [0]
        context = summary.text if not part else summary.headline
        for hit in gaz.find(text, title_case=not part and english and is_title_case(text), context=context,
                            genitive=summary.language in GENITIVE_S, nouns_of=summary.language,
                            declined=summary.language if summary.language in INFLECTING_LANGUAGES else ""):
            ent = gaz.entities[hit.entity]
            if ent.name not in wanted:
                continue
            line = bisect_right(starts, hit.start) - 1
            if part and line in furniture or is_venue(text, hit.start, hit.end):
                continue  # page furniture, or a stadium's sponsor ("PayPal Park")
            if ent.exact_case and hit.kind == STRONG and not used_as_entity(
                    text, hit.start, hit.end, lines[line], english, whole, part):
                continue
            counts.setdefault(ent.name, [0, 0])[part] += 1
            surface = text[hit.start:hit.end]
            plain_only[ent.name] = plain_only.get(ent.name, True) and is_plain(surface, ent.exact_case)
            # A Chinese metonym (苹果) comes back from the gazetteer only in a business text: it names.
            if hit.kind == STRONG or has_cjk(surface):
                strong.add(ent.name)
    # A weak form or metonym counts only beside a full name that survived the checks above.
    found = {name: c for name, c in counts.items() if name in strong}
    doubtful = [name for name in found if plain_only[name]]
    if doubtful and speaks_of_produce(whole, summary.language):
        # Orchards and kitchens: "Apple", "アップル", "小米" name the firm only beside a form no farm
        # uses, its own ("Apple Inc.", "小米集团") or a product's ("Apple Pay").
        vouched = {name for name in found if not plain_only[name]}
        vouched |= {maker for name in vouched for maker in makers.get(name, ())}
        for name in doubtful:
            if name not in vouched:
                del found[name]
    return found


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts
