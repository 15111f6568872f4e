"""Light stemming of Arabic words: Snowball's Arabic stemmer and Larkey's light10.

Text reaches here already normalised (``normalise``: no short vowels or
tatweel, one alef, ي for ى, ه for ة). Two light stemmers give each word up
to two stems and a term matches a word when they share one:

* Snowball (the ``snowballstemmer`` package) strips the article, the
  prepositions fused to it and many suffixes, but reads some nouns as verbs
  ("سيارات" loses its س as if it were the future prefix);
* light10 (Larkey, Ballesteros and Connell, 2007: the light stemmer most
  Arabic retrieval work compares against) strips only و, the article with
  its fused prepositions, and ten plural, feminine and pronoun suffixes.

Broken plurals (حديقة/حدائق) are different words to both: rule sets list them.
"""
from __future__ import annotations

import functools

import snowballstemmer

_SNOWBALL = snowballstemmer.stemmer("arabic")
_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")   # ة and ية arrive as ه and يه
_TO_SNOWBALL = str.maketrans({"ه": "ة"})


def light10(word: str) -> str:
    """Larkey's light10 stem of a normalised Arabic word."""
    w = word
    if len(w) > 3 and w.startswith("و"):
        w = w[1:]
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            w = w[len(p):]
            break
    for s in _SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 2:
            w = w[: -len(s)]
    return w


@functools.lru_cache(maxsize=100_000)
def stems(word: str) -> tuple[str, ...]:
    """The word's light stems (one or two), each at least two letters."""
    w = word
    if len(w) > 1 and w.endswith("ه"):
        w = w[:-1] + "ة"                   # Snowball knows the taa marbuta
    snow = _SNOWBALL.stemWord(w.translate(_TO_SNOWBALL) if "ه" in w[:-1] else w).replace("ة", "ه")
    light = light10(word)
    return tuple(dict.fromkeys(s for s in (light, snow) if len(s) >= 2)) or (word,)
