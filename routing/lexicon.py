"""Swedish word forms and the compound splitter.

Each lexicon word gets its inflected forms generated (plural, definite,
genitive, a few adjective and English forms), so matching is a dict lookup.
A token that is not itself a known form is split into whole lexicon
components by dynamic programming: ``[unknown prefix] modifier* head``,
where modifiers are compound-initial forms ("skol", "förskole", "gatu",
"idrotts") and the head is a full inflected word. A token that is a known
word as a whole is never split, so "förskolan" is förskola, never skola.
Without a known head, only a long known first part (six letters or more)
before an unknown rest of five or more counts ("demensavdelningen").
"""
from __future__ import annotations

import re
from typing import Iterable

VOWELS = frozenset("aeiouyåäöé")
MAX_COMPOUND = 60       # longer tokens are only looked up whole
MIN_PART = 3            # shortest lexicon word that may be a compound part
MIN_UNKNOWN = 4         # shortest unknown prefix ("Oxievångs|skolan")
MIN_LEAD = 6            # shortest known first part before an unknown rest ("demens|avdelning")
MIN_TAIL = 5            # shortest unknown rest after it
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
                 phrase_finals: Iterable[str] = ()) -> None:
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
        for w in sorted(set(phrase_words)):
            for f in adjective_forms(w):
                _add(self.whole, f, w)
        for w in sorted(set(phrase_finals)):
            for f in inflect(w):
                _add(self.whole, f, w)
        self.max_head = max(map(len, self.heads), default=0)
        self.max_mod = max(map(len, self.mods), default=0)
        self._cache: dict[str, Analysis] = {}

    def analyse(self, token: str) -> Analysis:
        """Return (lemmas of the token as a whole word, lemmas of its compound parts)."""
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        whole = self.whole.get(token, ())
        parts: tuple[str, ...] = ()
        if not whole:
            if "-" in token:
                acc: list[str] = []
                for piece in token.split("-"):
                    w, p = self.analyse(piece)
                    acc.extend(w or p)
                parts = tuple(dict.fromkeys(acc))
            else:
                parts = self.split(token)
        result = (whole, parts)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = result
        return result

    def elided(self, text: str) -> list[str]:
        """Complete elided compounds in normalised text: "gång- och cykelbanor" gives "gångbanor"."""
        out = []
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
        n = len(token)
        if n > MAX_COMPOUND or n < 2 * MIN_PART:
            return ()
        best: tuple[int, tuple[str, ...]] | None = None
        # smallest k first = longest head first; ties keep the longest head
        for k in range(max(MIN_PART, n - self.max_head), n - MIN_PART + 1):
            head = self.heads.get(token[k:])
            if head is None:
                continue
            pre = self._prefix(token[:k])
            if pre is None:
                continue
            cost, lemmas = pre
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
            lead = self.mods.get(token[:k])
            if lead is not None:
                lead = tuple(w for w in lead if len(w) >= MIN_LEAD)
                if lead:
                    return lead
        return ()

    def _prefix(self, p: str) -> tuple[int, tuple[str, ...]] | None:
        """Cheapest split of a compound's front into [unknown] modifier*."""
        n = len(p)
        cost: list[float] = [0.0] + [float("inf")] * n
        lem: list[tuple[str, ...]] = [()] * (n + 1)
        for i in range(1, n + 1):
            if i >= MIN_UNKNOWN:
                cost[i], lem[i] = _UNKNOWN_COST, ()
            for j in range(max(0, i - self.max_mod), i - MIN_PART + 1):
                if cost[j] + 1 < cost[i]:
                    m = self.mods.get(p[j:i])
                    if m is not None:
                        cost[i], lem[i] = cost[j] + 1, lem[j] + m
        if cost[n] == float("inf"):
            return None
        return int(cost[n]), lem[n]
