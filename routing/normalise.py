"""Unicode normalisation, case folding, tokenising and language guessing.

Text is NFKC-normalised and case-folded; diacritics are kept, so "å", "ä"
and "ö" stay distinct letters ("får" is not "far").
"""
from __future__ import annotations

import re
import unicodedata

# A token is a run of letters/digits, optionally joined by hyphens
# ("e-tjänst", "Limhamn-Bunkeflo"). A trailing hyphen (the Swedish
# elliptic "gång- och cykelbanor") is dropped by the pattern.
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

_SV_STOPWORDS = frozenset(
    "och att det som en på är av för med till den har de inte om ett han men "
    "var jag sig från vi så kan man när år säger hon under också efter eller "
    "nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra "
    "mycket än här då sedan över bara blir upp även vad måste många "
    "borde fler mer hur bör oss vår våra vårt deras denna detta dessa utan "
    "mellan inga ingen kunna både".split()
)
_EN_STOPWORDS = frozenset(
    "the and to of a in is it that for on with as are be this was have not "
    "at by from or an but they we you there their more can should would "
    "please our all many near which will do does has been its than into "
    "about so no make need lack other some these those them who what when".split()
)


def normalise(text: str) -> str:
    """Return text NFKC-normalised and case-folded, diacritics kept."""
    # NFKC turns compatibility forms (ligatures, full-width letters) into
    # plain letters; NFC after casefold re-composes "å" if folding split it.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())


def tokens(text: str) -> list[str]:
    """Split already normalised text into word tokens."""
    return _TOKEN.findall(text)


def detect_language(toks: list[str], default: str = "sv") -> str:
    """Guess "sv" or "en" from the share of each language's stopwords."""
    sv = en = 0
    for t in toks:
        if t in _SV_STOPWORDS:
            sv += 1
        elif t in _EN_STOPWORDS:
            en += 1
    if sv == en:
        return default
    return "sv" if sv > en else "en"
