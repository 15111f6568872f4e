"""The per-rule-set term index: lemma -> terms -> rules, built once.

Routing a proposal analyses each distinct token once (memoised) and looks
its lemmas up in dicts; it never loops over rules or terms. Each term has a
language: Swedish terms (a rule's ``terms``) are also compound parts,
English terms (``en``) match whole words only, Arabic terms (``ar``) match
by light stem.
"""
from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING

from .arabic import stems as arabic_stems
from .lexicon import Lexicon
from .normalise import is_arabic, normalise, tokens

if TYPE_CHECKING:
    from .ruleset import RuleSet

MAX_WORDS = 8   # surface words kept per term as evidence; bounds the work per token
# Heads of place names: "Amiralsgatan", "Lorensborgsgatan", "Stortorget" name a place, not a topic.
PLACE_HEADS = frozenset("gata väg torg gränd allé bro backe stig".split())
_NOTHING: tuple[tuple[int, ...], tuple[str, ...]] = ((), ())   # a token that matches no term
LANGS = ("sv", "en", "ar")


class TermIndex:
    """Maps token lemmas to term ids and term ids to the rules that use them."""

    def __init__(self, rs: "RuleSet") -> None:
        self.terms: list[str] = []             # term id -> the term as written (normalised)
        self.term_lang: list[str] = []
        self._ids: dict[tuple[str, tuple[str, ...]], int] = {}
        self.single: dict[str, list[int]] = {}
        self.phrases: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = {}
        self.term_rules: dict[int, list[int]] = {}
        self.rule_terms: list[tuple[int, ...]] = []
        self.rule_all: list[tuple[int, ...]] = []
        self.rule_any: list[tuple[int, ...]] = []
        self.rule_none: list[tuple[int, ...]] = []
        self._words: dict[str, set[str]] = {lang: set() for lang in LANGS}
        self._phrase_words: set[str] = set()
        self._phrase_finals: set[str] = set()
        self._en_phrase_words: set[str] = set()     # English phrases' words take English forms only
        for ri, rule in enumerate(rs.rules):
            ids = tuple(dict.fromkeys(self._term(t, lang) for lang, t in rule.all_terms()))
            self.rule_terms.append(ids)
            for tid in ids:
                self.term_rules.setdefault(tid, []).append(ri)
            self.rule_all.append(tuple(self._term(t, _lang_of(t)) for t in rule.when.all))
            self.rule_any.append(tuple(self._term(t, _lang_of(t)) for t in rule.when.any))
            self.rule_none.append(tuple(self._term(t, _lang_of(t)) for t in rule.when.none))
        # rules with conditions to check; the others fire on their terms alone
        self.conditional = frozenset(
            ri for ri, r in enumerate(rs.rules)
            if r.when.district or r.when.topics or r.when.all or r.when.any or r.when.none)
        self.precedence = {b: i for i, b in enumerate(rs.precedence)}
        self.city_wide = frozenset(self._term(t, _lang_of(t)) for t in rs.settings.city_wide_terms)
        self.english_only = frozenset(
            tid for (lang, words), tid in self._ids.items()
            if lang == "en" and ("sv", words) not in self._ids)
        nowhere = {normalise(w) for w in rs.lexicon}
        part_words = self._words["sv"] | nowhere
        whole_words = (self._words["en"] | self._en_phrase_words) - part_words
        self.lexicon = Lexicon(part_words, self._phrase_words, self._phrase_finals, whole_words,
                               own_words=nowhere)
        self._memo: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {}
        self.names: set[str] = set()

    def _term(self, text: str, lang: str) -> int:
        words = tuple(tokens(normalise(text)))
        key = (lang, words)
        tid = self._ids.get(key)
        if tid is not None:
            return tid
        tid = self._ids[key] = len(self.terms)
        self.terms.append(" ".join(words))
        self.term_lang.append(lang)
        if lang == "ar" or any(is_arabic(w) for w in words):
            # every combination of the words' stems, so any stem a word may get matches
            for variant in product(*(arabic_stems(w) for w in words)):
                self._register(tid, variant)
            return tid
        if len(words) == 1:
            self._words[lang].add(words[0])
        elif lang == "en":
            self._en_phrase_words.update(words)    # "car park": "car" is not also "care"
        else:
            self._phrase_words.update(words[:-1])
            self._phrase_finals.add(words[-1])
        self._register(tid, words)
        return tid

    def _register(self, tid: int, words: tuple[str, ...]) -> None:
        if not words:
            return
        if len(words) == 1:
            self.single.setdefault(words[0], []).append(tid)
        else:
            self.phrases.setdefault((words[0], words[1]), []).append((tid, words))

    def _info(self, token: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """The single-word terms a token matches, and its whole-word lemmas (memoised)."""
        whole, parts = self.lexicon.analyse(token)
        tids = tuple(tid for lemma in (whole or parts) for tid in self.single.get(lemma, ()))
        if (not whole and parts and parts[-1] in PLACE_HEADS
                and not any(p in self.single for p in parts[:-1])):
            self.names.add(token)      # a street or square's name: a location
        result = (tids, whole) if tids or whole else _NOTHING
        if len(self._memo) >= 200_000:
            self._memo.clear()
        self._memo[token] = result
        return result

    def find(self, toks: list[str], english: bool = True) -> dict[int, list[tuple[int, str]]]:
        """Return term id -> (position, surface words) of its first MAX_WORDS distinct matches.

        English-only terms are looked for only when ``english`` (the text is English: the
        Swedish verb "driver" is not the English noun). A word inside a matched phrase
        belongs to the phrase: "bostad först" is not also "bostad".
        """
        found: dict[int, list[tuple[int, str]]] = {}
        phrases, memo, info = self.phrases, self._memo, self._info
        skip = () if english else self.english_only
        analysed = list(map(memo.get, toks))
        if None in analysed:
            analysed = [a or info(t) for a, t in zip(analysed, toks)]
        covered: set[int] = set()
        singles: list[tuple[int, int]] = []
        last = len(analysed) - 1
        for i in [i for i, a in enumerate(analysed) if a is not _NOTHING]:
            tids, whole = analysed[i]
            if tids:
                singles.extend((i, tid) for tid in tids if tid not in skip)
            if i == last or not whole:
                continue                            # a phrase starts with a whole word and goes on
            for lemma in whole:
                for second in analysed[i + 1][1]:
                    for tid, pwords in phrases.get((lemma, second), ()):
                        end = i + len(pwords)
                        if tid in skip or end > len(toks) or not all(
                            w in analysed[i + k][1] for k, w in enumerate(pwords[2:], 2)
                        ):
                            continue
                        covered.update(range(i, end))
                        hits = found.setdefault(tid, [])
                        if len(hits) < MAX_WORDS:
                            hits.append((i, " ".join(toks[i:end])))
        for i, tid in singles:
            if i in covered:
                continue
            hits = found.setdefault(tid, [])
            if len(hits) < MAX_WORDS:
                hits.append((i, toks[i]))
        return found


def _lang_of(term: str) -> str:
    """Language of a condition term: Arabic by script, otherwise Swedish (a compound part)."""
    return "ar" if any(is_arabic(w) for w in tokens(normalise(term))) else "sv"
