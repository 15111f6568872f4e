"""Turning free text into safe query terms: words only, so no query syntax can get through."""
from __future__ import annotations

import re

MAX_TERMS = 10
MAX_TERM_LENGTH = 40
_WORD = re.compile(r"\w+", re.UNICODE)
# Swedish plural and definite endings, taken off long words so "lekplatserna" still finds "lekplats".
_ENDINGS = ("arna", "erna", "orna", "ande", "ende", "arnas", "ernas", "en", "et", "er", "ar", "or", "na")


def terms(q: str) -> list[str]:
    """Lower-case word tokens of a query; everything else (quotes, *, :, &, -, NEAR) is dropped."""
    out = []
    for word in _WORD.findall((q or "").casefold()):
        word = word.strip("_")[:MAX_TERM_LENGTH]
        if word and word not in out:
            out.append(word)
    return out[:MAX_TERMS]


def stem(word: str) -> str:
    """A light Swedish suffix strip for long words (the prefix match covers the rest)."""
    if len(word) < 8:
        return word
    for ending in sorted(_ENDINGS, key=len, reverse=True):
        if word.endswith(ending) and len(word) - len(ending) >= 6:
            return word[: -len(ending)]
    return word


def fts5_match(q: str) -> str | None:
    """An FTS5 MATCH expression: every term as a quoted prefix ("lekpl"*), all required."""
    ts = terms(q)
    return " ".join(f'"{stem(t)}"*' for t in ts) or None


def pg_tsquery(q: str, weights: str = "") -> str | None:
    """A to_tsquery expression: every term as a quoted prefix ('lekpl':*), all required;
    `weights` ("A") limits the match to those weight classes."""
    ts = terms(q)
    return " & ".join(f"'{stem(t)}':*{weights}" for t in ts) or None
