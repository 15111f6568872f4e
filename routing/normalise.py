"""Unicode normalisation, case folding, tokenising, sentences and language guessing.

Text is NFKC-normalised and case-folded; diacritics are kept, so "å", "ä"
and "ö" stay distinct letters ("får" is not "far"). Matching without them is
the lexicon's business (``fold``), and only where no exact form exists.
Arabic is normalised the usual way for retrieval: short vowels and other
marks and the tatweel are removed, the alef forms (أ إ آ ٱ) become ا, ى
becomes ي and ة becomes ه, so that spelling variants meet.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

# A token is a run of letters/digits, optionally joined by hyphens
# ("e-tjänst", "Limhamn-Bunkeflo"). A trailing hyphen (the Swedish
# elliptic "gång- och cykelbanor") is dropped by the pattern.
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
# Sentence ends: . ! ? ; and their Arabic forms, bullets, line breaks, a dash between spaces.
_SENTENCE_END = re.compile(r"[.!?;؛؟…\n\r•·]+|\s[-–—]\s")

SV_STOPWORDS = frozenset(
    "och att det som en på är av för med till den har de inte om ett han men "
    "var jag sig från vi så kan man när år säger hon under också efter eller "
    "nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra "
    "mycket än här då sedan över bara blir upp även vad måste många "
    "borde fler mer hur bör oss vår våra vårt deras denna detta dessa utan "
    "mellan inga ingen kunna både".split()
)
EN_STOPWORDS = frozenset(
    "the and to of a in is it that for on with as are be this was have not "
    "at by from or an but they we you there their more can should would "
    "please our all many near which will do does has been its than into "
    "about so no make need lack other some these those them who what when".split()
)
AR_STOPWORDS = frozenset(
    "في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين ان أن إن او أو ثم "
    "لا لم لن ما هو هي هم نحن انا أنا كان كانت يكون قد كل بعض عند بين حتى لكن "
    "ايضا أيضا جدا فقط كما اذا إذا لان لأن".split()
)

_ARABIC_TABLE = {
    **{c: None for c in range(0x064B, 0x0660)},   # fathatan .. hamza below: short vowels, shadda, sukun
    0x0670: None,                                  # superscript alef
    0x0640: None,                                  # tatweel
    0x0623: "ا", 0x0625: "ا", 0x0622: "ا", 0x0671: "ا",
    0x0649: "ي", 0x0629: "ه",
    0x06CC: "ي", 0x06A9: "ك",                      # Persian forms typed on some keyboards
}
_FOLD_TABLE = str.maketrans("åäöéèüáàâêëíìîïóòôúùû", "aaoeeuaaaeeiiiiooouuu")
_HAS_FOLDABLE = re.compile(r"[åäöéèüáàâêëíìîïóòôúùû]")


def normalise(text: str) -> str:
    """Return text NFKC-normalised and case-folded, diacritics kept, Arabic normalised."""
    # NFKC turns compatibility forms (ligatures, full-width letters, Arabic
    # presentation forms) into plain letters; NFC after casefold re-composes
    # "å" if folding split it.
    out = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())
    if _ARABIC_LETTER.search(out):
        out = out.translate(_ARABIC_TABLE)
    return out


def fold(word: str) -> str:
    """The word with å/ä/ö (and other Latin accents) typed as plain letters."""
    return word.translate(_FOLD_TABLE)


def has_foldable(word: str) -> bool:
    """Whether ``fold`` would change the word."""
    return _HAS_FOLDABLE.search(word) is not None


def is_arabic(token: str) -> bool:
    """Whether the token is written in Arabic script."""
    return "\u0600" <= token[:1] <= "\u06ff"


def tokens(text: str) -> list[str]:
    """Split already normalised text into word tokens."""
    out: list[str] = []
    for w in text.split():
        if w.isalnum():                 # most words: no regular expression needed (\w is isalnum or _)
            out.append(w)
        else:
            out.extend(_TOKEN.findall(w))
    return out


def sentences(text: str) -> list[str]:
    """Split already normalised text into sentences (non-empty, stripped)."""
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]


_TOKEN_OR_END = re.compile(_TOKEN.pattern + "|" + _SENTENCE_END.pattern)
_DASHES = frozenset("-–—")


def sentence_tokens(text: str) -> list[list[str]]:
    """The tokens of each sentence of already normalised text, in one pass (no empty sentences).

    The same as splitting at ``_SENTENCE_END`` and tokenising each piece (a test compares them),
    but a word that is all letters and digits, most words, needs no regular expression."""
    out: list[list[str]] = []
    current: list[str] = []
    if "\r" in text:
        text = text.replace("\r", "\n")
    for line in text.split("\n"):               # a line break ends a sentence
        for w in line.split():
            if w.isalnum():
                current.append(w)
            elif w in _DASHES:                  # a dash between spaces
                if current:
                    out.append(current)
                    current = []
            else:
                for t in _TOKEN_OR_END.findall(w):
                    if t[0].isalnum():
                        current.append(t)
                    elif current:
                        out.append(current)
                        current = []
        if current:
            out.append(current)
            current = []
    return out


def stopwords(lang: str | None = None) -> frozenset[str]:
    """The stop words the language guess uses (sv, en, ar), or all three; routing.terms has the
    longer lists for suggesting words."""
    table = {"sv": SV_STOPWORDS, "en": EN_STOPWORDS, "ar": AR_STOPWORDS}
    if lang is None:
        return SV_STOPWORDS | EN_STOPWORDS | AR_STOPWORDS
    return table.get(lang, frozenset())


def has_arabic(text: str) -> bool:
    """Whether the text contains Arabic letters."""
    return _ARABIC_LETTER.search(text) is not None


def detect_language(toks: Iterable[str], default: str = "sv", arabic: bool | None = None) -> str:
    """Guess "sv", "en" or "ar": Arabic by script, the others by how many of their stop words occur.

    ``arabic``: whether the text has Arabic letters at all, if the caller knows already."""
    distinct = toks if isinstance(toks, (set, frozenset)) else set(toks)
    if arabic is None:
        arabic = any(map(is_arabic, distinct))
    if arabic:
        ar = sum(map(is_arabic, distinct))
        if ar * 2 >= len(distinct):
            return "ar"
    sv = len(distinct & SV_STOPWORDS)
    en = len(distinct & EN_STOPWORDS)
    if sv == en:
        return default
    return "sv" if sv > en else "en"
