"""Summariser figures on the labelled dev set: speed, memory and entity quality.

Run: ``python benchmarks/summarise.py [--details] [--set PATH]`` from the repository root. ``--set`` measures
another labelled jsonl (same format) instead of the dev set: speed and entity figures are then that set's.

Entity matching rule: a predicted entity is correct when it equals one of the article's labelled
entities after folding (NFKC, casefold, accents removed, apostrophes unified: ``fold``). Each
labelled entity can be matched once.
  precision = correct predictions / predictions (we predict at most ``MAX_ENTITIES`` = 6)
  recall    = correct predictions / min(6, number of labels): an editor's list holds up to 8, we
              print 6, so recall is measured against what 6 slots could hold. ``entity_r_all``
              divides by every label instead.
Figures are micro-averaged over all 43 articles. ``entity_f1_alias`` also accepts a prediction whose
gazetteer entry lists the label as an alias (predicted "National Payments Corporation of India",
labelled "NPCI"); the headline figures do not.

A second set, ``benchmarks/data/written_blind.jsonl``: 36 articles (six per language) a helper wrote
and labelled on 2026-11-29 without reading the code, around real events but with invented figures
and quotes; synthetic, one writer's style, so a complement to the real articles, not a substitute.
It was first measured at F1 0.611 (the real set: 0.854); fixes it prompted since then were general
rules, but it is no longer unseen. Its F1 is ``written_blind_f1`` (same rules as above).
``written_blind_2.jsonl``, 30 more by another helper the same day, was first measured at 0.609 and
then tuned on once; its F1 is ``written_blind_2_f1``. The next blind set should stay out of the repo
until it has been measured.

fresh1.jsonl and fresh2.jsonl (``--set``) were written blind and measured once before tuning; all
sets are development sets now. The ranking's weights (bot/core/salience.py) are chosen on the dev set,
fresh1 and written_blind and checked on fresh2 and written_blind_2 by ``benchmarks/salience_fit.py``.

Speed baseline: the same texts tokenised with one compiled ``\\w+`` regex pass (``findall``) in the
same run; ``speed_ratio`` = summarise time / baseline time, so a slower machine shows the same ratio.
Timings are per article, one core, after a warm-up pass (the gazetteer and the models are loaded
once per process, as in the bot). Lemmas come from the memory-mapped tries the running bot installs
(``bot/lemma_tables.py``; built once per machine, outside this process): simplemma's low-memory store
keeps eight languages' dictionaries and reloads one (~1 s) whenever a ninth language comes, which a
set in 22 languages does on nearly every article. ``lemma_tables_s`` is what opening them took.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import lemma_tables  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.core.entities import Gazetteer  # noqa: E402
from bot.core.summarise import MAX_ENTITIES, summarise  # noqa: E402
from bot.core.text import fold  # noqa: E402

ARTICLES = ROOT / "tests" / "data" / "articles.jsonl"
WRITTEN_BLIND = ROOT / "benchmarks" / "data" / "written_blind.jsonl"
WRITTEN_BLIND_2 = ROOT / "benchmarks" / "data" / "written_blind_2.jsonl"
REPEAT = 5
_DEV_LANGUAGES = ("it", "en", "de", "fr", "es", "zh")


def load(path: Path = ARTICLES) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def f1_on(articles: list[dict], gazetteer: Gazetteer) -> float:
    """Micro-averaged entity F1 of the summaries of ``articles`` (the scoring above)."""
    c = p = lc = 0
    for art in articles:
        got = summarise(art["title"], art["body"], gazetteer).entities
        dc, dp, dlc, _ = score(list(got), art["entities"])
        c, p, lc = c + dc, p + dp, lc + dlc
    prec, rec = c / max(1, p), c / max(1, lc)
    return 2 * prec * rec / max(1e-9, prec + rec)


def score(predicted: list[str], labelled: list[str], gazetteer: Gazetteer | None = None) -> tuple[int, int, int, int]:
    """(correct, predicted, labelled capped at 6, labelled). With a gazetteer, aliases also count."""
    wanted = [fold(x) for x in labelled]
    correct = 0
    for name in predicted:
        keys = [fold(name)]
        if gazetteer is not None and gazetteer.lookup(name) is not None:
            keys += [fold(f) for f in gazetteer.forms(name)]
        key = next((k for k in keys if k in wanted), None)
        if key is not None:
            wanted.remove(key)
            correct += 1
    return correct, len(predicted), min(MAX_ENTITIES, len(labelled)), len(labelled)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--details", action="store_true", help="print each article's labels under its predictions")
    ap.add_argument("--set", type=Path, default=ARTICLES, help="a labelled jsonl to measure (default: the dev set)")
    args = ap.parse_args()
    details = args.details
    articles = load(args.set)
    config = load_config(ROOT / "config" / "feeds.toml")
    gazetteer = Gazetteer(config.entities)
    t0 = time.perf_counter()
    lemma_tables.install()  # as the running bot does (bot/app.py)
    lemma_tables_s = time.perf_counter() - t0
    for art in articles:  # warm-up: models, caches, and the tries of the set's languages
        summarise(art["title"], art["body"], gazetteer)

    token = re.compile(r"\w+")
    t0 = time.perf_counter()
    for _ in range(REPEAT):
        for art in articles:
            token.findall(art["title"])
            token.findall(art["body"])
    baseline_s = (time.perf_counter() - t0) / REPEAT

    per_article: dict[str, list[float]] = defaultdict(list)
    summaries = {}
    for _ in range(REPEAT):
        for art in articles:
            start = time.perf_counter()
            summaries[art["id"]] = summarise(art["title"], art["body"], gazetteer)
            per_article[art["id"]].append((time.perf_counter() - start) * 1000)
    ms = [statistics.median(v) for v in per_article.values()]
    total_s = sum(ms) / 1000

    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    alias = [0, 0, 0]
    rows = []
    for art in articles:
        s = summaries[art["id"]]
        c2, p2, lc2, _ = score(list(s.entities), art["entities"], gazetteer)
        alias[0] += c2
        alias[1] += p2
        alias[2] += lc2
        c, p, lc, la = score(list(s.entities), art["entities"])
        for key in (art["language"], "all"):
            acc = by_lang[key]
            acc[0] += c
            acc[1] += p
            acc[2] += lc
            acc[3] += la
        rows.append((art["id"], art["language"], c, p, lc, s.language == art["language"], s.entities, art["entities"]))

    print(f"{'id':8} {'lang':4} {'ok/pred/lab':12} predicted")
    for rid, lang, c, p, lc, lang_ok, got, want in rows:
        flag = "" if lang_ok else " LANG?"
        print(f"{rid:8} {lang:4} {c}/{p}/{lc:<8} {', '.join(got)}{flag}")
        if details:
            print(f"{'':26}labels: {', '.join(want)}")
    print()
    print(f"{'lang':5} {'P':>5} {'R@6':>5} {'R':>5} {'F1':>5}")
    results = {}
    languages = sorted({art["language"] for art in articles}, key=lambda x: (x not in _DEV_LANGUAGES, x))
    for lang in (*languages, "all"):
        c, p, lc, la = by_lang[lang]
        prec, rec, rec_all = c / max(1, p), c / max(1, lc), c / max(1, la)
        f1 = 2 * prec * rec / max(1e-9, prec + rec)
        results[lang] = (prec, rec, rec_all, f1)
        print(f"{lang:5} {prec:5.2f} {rec:5.2f} {rec_all:5.2f} {f1:5.2f}")
    ms_sorted = sorted(ms)
    p95 = ms_sorted[min(len(ms_sorted) - 1, int(round(0.95 * (len(ms_sorted) - 1))))]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print()
    print(f"per article: median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms; "
          f"{len(articles) / total_s:.0f} articles/s on one core; peak RSS {rss_mb:.0f} MB")
    print(f"baseline (regex tokenisation of the same texts): {baseline_s * 1000:.2f} ms for all {len(articles)}; "
          f"summarise is {total_s / baseline_s:.0f}x the baseline")
    prec, rec, rec_all, f1 = results["all"]
    ap, ar = alias[0] / max(1, alias[1]), alias[0] / max(1, alias[2])
    print(f"alias-aware: P {ap:.2f} R@6 {ar:.2f} F1 {2 * ap * ar / max(1e-9, ap + ar):.2f}")
    blind_f1 = f1_on(load(WRITTEN_BLIND), gazetteer)
    blind_2_f1 = f1_on(load(WRITTEN_BLIND_2), gazetteer)
    print(f"written-blind sets: {WRITTEN_BLIND.name} F1 {blind_f1:.2f}, {WRITTEN_BLIND_2.name} F1 {blind_2_f1:.2f}")
    print(json.dumps({
        "ms_median": round(statistics.median(ms), 3),
        "ms_p95": round(p95, 3),
        "articles_per_s": round(len(articles) / total_s, 1),
        "peak_rss_mb": round(rss_mb, 1),
        "entity_p": round(prec, 3),
        "entity_r": round(rec, 3),
        "entity_r_all": round(rec_all, 3),
        "entity_f1": round(f1, 3),
        "entity_f1_alias": round(2 * ap * ar / max(1e-9, ap + ar), 3),
        "set": args.set.name,
        "articles": len(articles),
        "entity_f1_by_language": {lang: round(results[lang][3], 3) for lang in languages},
        "written_blind_f1": round(blind_f1, 3),
        "written_blind_2_f1": round(blind_2_f1, 3),
        "baseline": "regex \\w+ tokenisation of the same texts",
        "baseline_ms_total": round(baseline_s * 1000, 3),
        "speed_ratio": round(total_s / baseline_s, 1),
        "lemma_tables_s": round(lemma_tables_s, 2),
    }))


if __name__ == "__main__":
    main()
