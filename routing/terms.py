"""Content words of a text, for learning new rule terms from examples.

The public face of the text analysis for code outside `routing` (the portal's suggestions from
corrections and from the city's referral history): stop words per language and the content terms
of a text, built on `normalise` and `tokens`. Nothing here changes how proposals are routed.
"""
from __future__ import annotations

from .normalise import AR_STOPWORDS, EN_STOPWORDS, SV_STOPWORDS, normalise, tokens

MIN_LENGTH = 4

# Function words the language guess does not need but a list of suggested terms should never show.
_SV_EXTRA = frozenset(
    "alltså annat annan andra dock eftersom enligt exempel exempelvis fortfarande genom hela helt "
    "idag igen inom istället kanske kommer kunde lite länge mindre några något nämligen också "
    "samma sedan själv sina sitt skall snart sådan sådana särskilt tidigare varför vilka vilken "
    "vilket vill ville väldigt därför dessutom därmed redan".split()
)
_EN_EXTRA = frozenset(
    "also could just like more most much only over such then very were your because while "
    "where here there through being every each again still well want wants".split()
)
# Common Arabic function words (prepositions, pronouns, conjunctions), as normalise() leaves them.
_AR = frozenset(
    "في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين هو هي هم نحن أنا انا أن ان إن لا "
    "ما لم لن كان كانت يكون قد كل بعض عند بين حتى أو او ثم لكن أي اي عندما".split()
)

_STOPWORDS = {
    "sv": SV_STOPWORDS | _SV_EXTRA,
    "en": EN_STOPWORDS | _EN_EXTRA,
    "ar": AR_STOPWORDS | _AR,
}


def languages() -> tuple[str, ...]:
    """The languages that have a stop-word list."""
    return tuple(_STOPWORDS)


def stopwords(lang: str | None = None) -> frozenset[str]:
    """The stop words of one language ("sv", "en", "ar"), or of all of them when lang is None.

    An unknown language has none."""
    if lang is None:
        return frozenset().union(*_STOPWORDS.values())
    return _STOPWORDS.get(lang, frozenset())


_ALL = stopwords()


def content_terms(text: str, min_length: int = MIN_LENGTH) -> list[str]:
    """The words of a text that can carry meaning, normalised, in order, repeats kept.

    Drops stop words of every language, words shorter than `min_length` and anything with a digit
    (dates, case references, house numbers)."""
    return [w for w in tokens(normalise(text or ""))
            if len(w) >= min_length and w not in _ALL and not any(ch.isdigit() for ch in w)]
