"""Swedish word forms, the compound splitter, and matching without å/ä/ö.

Each lexicon word gets its inflected forms generated (plural, definite,
genitive, a few adjective and English forms), so matching is a dict lookup.
A token that is not itself a known form is split into whole lexicon
components by dynamic programming: ``[unknown prefix] modifier* head``,
where modifiers are compound-initial forms ("skol", "förskole", "gatu",
"idrotts") and the head is a full inflected word. A token that is a known
word as a whole is never split, so "förskolan" is förskola, never skola.
Without a known head, only a long known first part (six letters or more)
before an unknown rest of five or more counts ("demensavdelningen").

Only Swedish words are compound parts: English words are matched as whole
words (with their plural), so a short English term is never found inside a
Swedish or German compound. Arabic words are matched by their light stems
(``routing.arabic``).

Text typed without å, ä and ö ("aldreboendet", "forskolan") is matched by
folded forms, but only when the token has none of those letters and is no
known form as written, and only folded forms of four letters or more that
are not stop words: "for" never becomes "för", "gånger" never "gänger".
"""
from __future__ import annotations

import re
from typing import Iterable

from .arabic import stems as arabic_stems
from .normalise import fold, has_foldable, is_arabic, stopwords

VOWELS = frozenset("aeiouyåäöé")
MAX_COMPOUND = 60       # longer tokens are only looked up whole
MIN_PART = 3            # shortest lexicon word that may be a compound part
MIN_UNKNOWN = 4         # shortest unknown prefix ("Oxievångs|skolan")
MIN_LEAD = 6            # shortest known first part before an unknown rest ("demens|avdelning")
MIN_TAIL = 5            # shortest unknown rest after it
MIN_FOLDED = 4          # shortest folded form ("gard" for gård) that may match
_UNKNOWN_COST = 5       # an unknown prefix costs more than any known split
_CACHE_LIMIT = 200_000

# "gång- och cykelbanor": the first compound shares the second one's head
_ELISION = re.compile(r"(?<=[^\W\d_])- +(?:och|eller|samt|respektive|&) +(?=[^\W\d_])")
_WORD_END = re.compile(r"[^\W\d_]+$")
_WORD = re.compile(r"[^\W\d_]{1,%d}" % MAX_COMPOUND)

Analysis = tuple[tuple[str, ...], tuple[str, ...]]  # (whole lemmas, part lemmas)


def inflect(word: str) -> set[str]:
    """Return the word with its generated Swedish and English inflections."""
    forms = {word}
    if not word:
        return forms
    last = word[-1]
    stem = word[:-1]
    if last == "a":
        forms |= {word + s for s in ("n", "r", "t", "de", "ns")}
        forms |= {stem + s for s in ("or", "orna", "ar", "arna", "er", "erna")}
    elif last == "e":
        forms |= {word + s for s in ("n", "t", "na", "r", "rna", "ns", "ts")}
        forms |= {stem + s for s in ("ar", "arna", "er", "erna", "a", "na")}
    elif last in VOWELS:
        forms |= {word + s for s in ("n", "t", "r", "rna", "er", "erna", "na", "ar", "arna")}
    else:
        forms |= {word + s for s in ("en", "et", "ar", "arna", "er", "erna", "or", "orna", "a", "e", "t", "es")}
        if len(word) >= 4 and word[-2:] in ("el", "er", "en", "ar") and word[-3] not in VOWELS:
            sync = word[:-2] + last            # cykel -> cykl-ar, tunnel -> tunnl-ar
            forms.add(word + "n")
            forms |= {sync + s for s in ("ar", "arna", "er", "erna", "et", "a", "en", "na")}
        if word.endswith("um") and len(word) > 4:
            forms |= {word[:-2] + s for s in ("et", "er", "erna", "ets")}  # museum -> museet
        if len(word) >= 2 and word[-2] in VOWELS and (len(word) < 3 or word[-3] not in VOWELS) and last in "mnlprtkgbd":
            forms |= {word + last + s for s in ("en", "et", "ar", "arna", "er", "erna", "a", "e")}  # gym -> gymmet
        if "a" in word:                         # stad -> städer, strand -> stränder
            i = word.rindex("a")
            uml = word[:i] + "ä" + word[i + 1:]
            forms |= {uml + "er", uml + "erna"}
        if last == "d":
            forms.add(stem + "t")                # särskild -> särskilt
        if last == "r":
            forms.add(word + "na")               # lokaler -> lokalerna
    forms.add(word + "s")                       # English plural / genitive
    if last == "y":
        forms.add(stem + "ies")
    forms |= {f + "s" for f in list(forms) if f[-1] not in "sxz"}  # genitive
    return forms


def english_forms(word: str) -> set[str]:
    """An English word with its plural and genitive: no Swedish endings."""
    forms = {word, word + "s"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    if word.endswith("y") and len(word) > 2 and word[-2] not in VOWELS:
        forms.add(word[:-1] + "ies")
    return forms


def adjective_forms(word: str) -> set[str]:
    """Forms for a non-final phrase word: only adjective endings."""
    forms = {word, word + "a", word + "e", word + "t"}
    if word.endswith("d"):
        forms.add(word[:-1] + "t")
    if word.endswith("t"):
        forms |= {word[:-1] + "de", word[:-1] + "da"}   # skyddat -> skyddade
    return forms


def modifier_forms(word: str) -> set[str]:
    """Compound-initial forms: skola -> skol/skole, gata -> gatu, idrott -> idrotts."""
    forms = {word, word + "s"}
    if word[-1] in "ae":
        stem = word[:-1]
        forms |= {stem, stem + "e", stem + "o", stem + "u", stem + "s"}
    return {f for f in forms if len(f) >= MIN_PART}


def _add(table: dict[str, tuple[str, ...]], form: str, lemma: str) -> None:
    old = table.get(form, ())
    if lemma not in old:
        table[form] = old + (lemma,)


class Lexicon:
    """Known words, their forms, and a memoised token analyser."""

    def __init__(self, part_words: Iterable[str], phrase_words: Iterable[str] = (),
                 phrase_finals: Iterable[str] = (), whole_words: Iterable[str] = (),
                 own_words: Iterable[str] = ()) -> None:
        """part_words: Swedish words (also compound parts); whole_words: English words (whole
        only); own_words: words whose own form is never read as another word's inflection."""
        self.whole: dict[str, tuple[str, ...]] = {}
        self.heads: dict[str, tuple[str, ...]] = {}
        self.mods: dict[str, tuple[str, ...]] = {}
        for w in sorted(set(part_words)):
            for f in inflect(w):
                _add(self.whole, f, w)
                if len(w) >= MIN_PART and "-" not in w:
                    _add(self.heads, f, w)
            if len(w) >= MIN_PART and "-" not in w:
                for f in modifier_forms(w):
                    _add(self.mods, f, w)
        # A route-nowhere word is itself, not another word's inflection ("bror" is not bro-r).
        for w in set(own_words):
            for table in (self.whole, self.heads):
                if w in table.get(w, ()) and len(table[w]) > 1:
                    table[w] = (w,)
        for w in sorted(set(whole_words)):
            for f in english_forms(w):
                _add(self.whole, f, w)
        for w in sorted(set(phrase_words)):
            for f in adjective_forms(w):
                _add(self.whole, f, w)
        for w in sorted(set(phrase_finals)):
            for f in inflect(w):
                _add(self.whole, f, w)
        # Folded forms, for text typed without å/ä/ö: only where no form is spelt that way.
        stop = stopwords()
        self.whole_f = _folded(self.whole, stop)
        self.heads_f = {**{k: v for k, v in self.heads.items() if not has_foldable(k)},
                        **_folded(self.heads, stop, MIN_PART)}
        self.mods_f = {**{k: v for k, v in self.mods.items() if not has_foldable(k)},
                       **_folded(self.mods, stop, MIN_PART)}
        self.max_head = max(map(len, self.heads), default=0)
        self.max_mod = max(map(len, self.mods), default=0)
        self._cache: dict[str, Analysis] = {}

    def analyse(self, token: str) -> Analysis:
        """Return (lemmas of the token as a whole word, lemmas of its compound parts)."""
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        if is_arabic(token):
            result: Analysis = (arabic_stems(token), ())
        else:
            result = self._analyse(token)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = result
        return result

    def _analyse(self, token: str) -> Analysis:
        whole = self.whole.get(token, ())
        if whole:
            return whole, ()
        if "-" in token:
            acc: list[str] = []
            for piece in token.split("-"):
                w, p = self.analyse(piece)
                acc.extend(w or p)
            return (), tuple(dict.fromkeys(acc))
        if has_foldable(token):
            # written with its diacritics: never read as another word without them ("gånger" is not "gänger")
            return (), self.split(token)
        whole = self.whole_f.get(token, ())
        if whole:
            return whole, ()
        parts = self.split(token)
        if not parts:
            # without diacritics only fully known parts: "samhallet" is no "allé"
            parts = self._split(token, self.heads_f, self.mods_f, known_only=True)
        return (), parts

    def elided(self, text: str) -> list[str]:
        """Complete elided compounds in normalised text: "gång- och cykelbanor" gives "gångbanor"."""
        out: list[str] = []
        if "- " not in text:
            return out
        for m in _ELISION.finditer(text):
            before = _WORD_END.search(text, max(0, m.start() - MAX_COMPOUND), m.start())
            after = _WORD.match(text, m.end())
            if before is None or after is None:
                continue
            second = after.group()
            for k in range(MIN_PART, len(second) - MIN_PART + 1):
                if second[k:] in self.heads:    # the longest known head of the second word
                    out.append(before.group() + second[k:])
                    break
        return out

    def split(self, token: str) -> tuple[str, ...]:
        """Lemmas of the best ``[unknown] modifier* head`` split, or () if none."""
        return self._split(token, self.heads, self.mods)

    def _split(self, token: str, heads: dict, mods: dict, known_only: bool = False) -> tuple[str, ...]:
        n = len(token)
        if n > MAX_COMPOUND or n < 2 * MIN_PART:
            return ()
        best: tuple[int, tuple[str, ...]] | None = None
        # smallest k first = longest head first; ties keep the longest head
        for k in range(max(MIN_PART, n - self.max_head), n - MIN_PART + 1):
            head = heads.get(token[k:])
            if head is None:
                continue
            pre = self._prefix(token[:k], mods)
            if pre is None:
                continue
            cost, lemmas = pre
            if known_only and cost >= _UNKNOWN_COST:
                continue
            if not lemmas and n - k < MIN_UNKNOWN:
                continue                       # after an unknown prefix, a head of 4+ letters
            if best is None or cost + 1 < best[0]:
                best = (cost + 1, lemmas + head)
        if best is not None:
            return tuple(dict.fromkeys(best[1]))
        # No known head: accept one long known first part before an unknown
        # word ("demens|avdelningen"). Short words never qualify, so "park"
        # stays out of "parkering".
        for k in range(min(n - MIN_TAIL, self.max_mod), MIN_LEAD - 1, -1):
            lead = mods.get(token[:k])
            if lead is not None:
                lead = tuple(w for w in lead if len(w) >= MIN_LEAD)
                if lead:
                    return lead
        return ()

    def _prefix(self, p: str, mods: dict) -> tuple[int, tuple[str, ...]] | None:
        """Cheapest split of a compound's front into [unknown] modifier*."""
        n = len(p)
        cost: list[float] = [0.0] + [float("inf")] * n
        lem: list[tuple[str, ...]] = [()] * (n + 1)
        for i in range(1, n + 1):
            if i >= MIN_UNKNOWN:
                cost[i], lem[i] = _UNKNOWN_COST, ()
            for j in range(max(0, i - self.max_mod), i - MIN_PART + 1):
                if cost[j] + 1 < cost[i]:
                    m = mods.get(p[j:i])
                    if m is not None:
                        cost[i], lem[i] = cost[j] + 1, lem[j] + m
        if cost[n] == float("inf"):
            return None
        return int(cost[n]), lem[n]


def _folded(table: dict[str, tuple[str, ...]], stop: frozenset[str],
            min_len: int = MIN_FOLDED) -> dict[str, tuple[str, ...]]:
    """Forms with å/ä/ö typed as a/a/o, for those that no form is spelt as."""
    out: dict[str, tuple[str, ...]] = {}
    for form, lemmas in table.items():
        if not has_foldable(form):
            continue
        f = fold(form)
        if len(f) < min_len or f in table or f in stop:
            continue
        for lemma in lemmas:
            _add(out, f, lemma)
    return out
