"""Follow and topic quality on the labelled dev set (tests/data/articles.jsonl).

Run: ``python benchmarks/match_quality.py [--details] [--set PATH]`` from the repository root; ``--set``
measures another labelled jsonl of the same format (its follow terms are the ones listed below).

Each article is summarised as the bot does it (``summarise``, language detected), then matched by one
``FollowIndex`` holding one chat per labelled follow term (resolved as ``/follow <term>`` would be:
alibaba, apple, tencent, ... become gazetteer entities) and one per topic. A pair (article, term) is a
true positive when the chat is reached and the article lists the term in ``follow_hits``; topics
likewise against ``topics``. Precision and recall are micro-averaged over all pairs; the last line is
one JSON object. Labels: /work/shared/data/README.md (a term hits when its referent is named as itself,
outside page furniture; a topic when the article is substantially about it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.core.entities import Gazetteer  # noqa: E402
from bot.core.follows import resolve_follow  # noqa: E402
from bot.core.match import FollowIndex  # noqa: E402
from bot.core.summarise import summarise  # noqa: E402
from bot.types import Follow  # noqa: E402

FOLLOW_TERMS = ["alibaba", "apple", "tencent", "huawei", "alipay", "apple pay", "wechat pay", "jack ma", "paypal",
                "xiaomi"]
TOPICS = {"mobile payments": "mobile-payments", "chinese tech": "chinese-tech"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--details", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--set", type=Path, default=ROOT / "tests" / "data" / "articles.jsonl",
                    help="a labelled jsonl to measure (default: the dev set)")
    args = ap.parse_args()
    with args.set.open(encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh if line.strip()]
    # A set may label terms beyond the dev set's ten: each gets a follower too.
    terms = FOLLOW_TERMS + sorted({t for art in articles for t in art["follow_hits"]} - set(FOLLOW_TERMS))
    config = load_config(ROOT / "config" / "feeds.toml")
    gazetteer = Gazetteer(config.entities)
    follows = []
    for i, term in enumerate(terms):
        res = resolve_follow(term, config.topics, gazetteer)
        follows.append(Follow(i, res.kind, res.value, res.label))
    index = FollowIndex(follows, config.topics, gazetteer)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    errors: list[str] = []
    for art in articles:
        s = summarise(art["title"], art["body"], gazetteer)
        got = {terms[c] for c in index.match(s)}
        want = set(art["follow_hits"])
        got_t = set(index.matching_topics(s))
        want_t = {TOPICS[t] for t in art["topics"]}
        for kind, g, w in (("follow", got, want), ("topic", got_t, want_t)):
            for key in (kind, f"{kind}:{art['language']}"):
                counts[key][0] += len(g & w)
                counts[key][1] += len(g - w)
                counts[key][2] += len(w - g)
            for x in sorted(g - w):
                errors.append(f"{art['id']} {kind} false alarm: {x}")
            for x in sorted(w - g):
                errors.append(f"{art['id']} {kind} miss: {x}")

    def pr(key: str) -> tuple[float, float]:
        tp, fp, fn = counts[key]
        return tp / max(1, tp + fp), tp / max(1, tp + fn)

    print(f"{'set':12} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6}")
    for key in sorted(counts, key=lambda k: (k.split(":")[0], ":" in k, k)):
        tp, fp, fn = counts[key]
        p, r = pr(key)
        print(f"{key:12} {tp:4} {fp:4} {fn:4} {p:6.3f} {r:6.3f}")
    if args.details or errors:
        print("\n".join(errors) if errors else "no errors")
    fp_, fr_ = pr("follow")
    tp_, tr_ = pr("topic")
    print(json.dumps({"set": args.set.name, "articles": len(articles), "follow_p": round(fp_, 3), "follow_r": round(fr_, 3),
                      "topic_p": round(tp_, 3), "topic_r": round(tr_, 3)}))


if __name__ == "__main__":
    main()
