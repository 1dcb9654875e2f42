"""Brand families: names built on one word, most of which no keyword list names.

Payment wallets are named "<something>Pay" in every market (GoPay, ShopeePay, SberPay, ZaloPay,
PayPay), "<something>ペイ" in Japan (楽天ペイ, メルペイ) and "<something>페이" in Korea (카카오페이,
토스페이). A topic's keyword written with a leading ``*`` (``"*Pay"``, ``"*ペイ"``) stands for such a
family: a name that ends in the word, glued to it, never the word alone.

- Latin script: a capitalised word whose last part is the suffix, itself capitalised (camel case):
  "GoPay", "VNPay"; not "repay", "Payday" or "Equal Pay" (a separate word is an ordinary one).
- Japanese and Korean: a run of the script before the suffix, with nothing of the script after it but
  a particle: "楽天ペイで", "카카오페이가"; not "スペイン" (Spain), "ペイント", "페이지" (page) or "페이스북".
Pure: a text in, the brand names it holds out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FAMILY = "*"
_KANA = "\u30a0-\u30ff\u3040-\u309f\u4e00-\u9fff"
_HANGUL = "\uac00-\ud7af"
# Korean particles that may follow a name: 카카오페이가, 토스페이를, 삼성페이로, 애플페이까지.
_KO_PARTICLES = "은|는|이|가|을|를|의|와|과|도|로|으로|에|에서|까지|만|부터|보다|처럼|나|랑"


def _family_pattern(suffix: str) -> str:
    if all("\u30a0" <= c <= "\u30ff" for c in suffix):
        return rf"[{_KANA}A-Za-z]+{re.escape(suffix)}(?![\u30a0-\u30ff])"
    if all(_HANGUL[0] <= c <= _HANGUL[-1] for c in suffix):
        return rf"[{_HANGUL}]+{re.escape(suffix)}(?=(?:{_KO_PARTICLES})?(?![{_HANGUL}]))"
    head = suffix[:1].upper() + suffix[1:]
    return rf"(?<![\w])[A-Z][A-Za-z0-9]*?[A-Za-z0-9]{re.escape(head)}(?![\w])"


def is_family(keyword: str) -> bool:
    """``"*Pay"``: a family of brand names rather than a keyword."""
    return keyword.startswith(FAMILY) and len(keyword) > len(FAMILY)


@dataclass(frozen=True)
class Families:
    """The brand families of one topic: their words, and one pattern for all of them."""

    words: tuple[str, ...]  # "Pay", "ペイ": a text without any of them holds no brand of the families
    pattern: re.Pattern[str]

    def find(self, text: str) -> list[re.Match[str]]:
        if not any(word in text for word in self.words):  # a substring test is far cheaper than the pattern
            return []
        return list(self.pattern.finditer(text))


def compile_families(keywords: Iterable[str]) -> Families | None:
    """The families among ``keywords`` (``"*Pay"``, ``"*ペイ"``), or ``None``."""
    words = sorted({k[len(FAMILY):] for k in keywords if is_family(k)})
    if not words:
        return None
    heads = {w[:1].upper() + w[1:] for w in words}  # the Latin pattern wants the word capitalised
    return Families(tuple(sorted(set(words) | heads)),
                    re.compile("|".join(f"(?:{_family_pattern(w)})" for w in words)))
