"""The per-rule-set term index: lemma -> terms -> rules, built once.

Routing a proposal analyses each distinct token once (memoised) and looks
its lemmas up in dicts; it never loops over rules or terms.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import Lexicon
from .normalise import normalise, tokens

if TYPE_CHECKING:
    from .ruleset import RuleSet

MAX_WORDS = 8   # surface words kept per term as evidence; bounds the work per token


class TermIndex:
    """Maps token lemmas to term ids and term ids to the rules that use them."""

    def __init__(self, rs: "RuleSet") -> None:
        self.terms: list[str] = []             # term id -> the term as written (normalised)
        self._ids: dict[tuple[str, ...], int] = {}
        self.single: dict[str, list[int]] = {}
        self.phrases: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self.term_rules: dict[int, list[int]] = {}
        self.rule_terms: list[tuple[int, ...]] = []
        self.rule_all: list[tuple[int, ...]] = []
        self.rule_none: list[tuple[int, ...]] = []
        for ri, rule in enumerate(rs.rules):
            ids = tuple(dict.fromkeys(self._term(t) for t in rule.terms))
            self.rule_terms.append(ids)
            for tid in ids:
                self.term_rules.setdefault(tid, []).append(ri)
            self.rule_all.append(tuple(self._term(t) for t in rule.when.all))
            self.rule_none.append(tuple(self._term(t) for t in rule.when.none))
        self.city_wide = frozenset(self._term(t) for t in rs.settings.city_wide_terms)
        part_words = set(self.single) | {normalise(w) for w in rs.lexicon}
        phrase_words: set[str] = set()
        phrase_finals: set[str] = set()
        for entries in self.phrases.values():
            for _, words in entries:
                phrase_words.update(words[:-1])
                phrase_finals.add(words[-1])
        self.lexicon = Lexicon(part_words, phrase_words, phrase_finals)

    def _term(self, text: str) -> int:
        words = tuple(tokens(normalise(text)))
        tid = self._ids.get(words)
        if tid is not None:
            return tid
        tid = self._ids[words] = len(self.terms)
        self.terms.append(" ".join(words))
        if len(words) == 1:
            self.single.setdefault(words[0], []).append(tid)
        else:
            self.phrases.setdefault(words[0], []).append((tid, words))
        return tid

    def find(self, toks: list[str]) -> dict[int, list[str]]:
        """Return term id -> the (first MAX_WORDS distinct) words in toks that matched it."""
        found: dict[int, list[str]] = {}
        analyse, single, phrases = self.lexicon.analyse, self.single, self.phrases
        analysed = [analyse(t) for t in toks]
        for i, (whole, parts) in enumerate(analysed):
            for lemma in whole or parts:
                for tid in single.get(lemma, ()):
                    words = found.setdefault(tid, [])
                    if len(words) < MAX_WORDS and toks[i] not in words:
                        words.append(toks[i])
                for tid, pwords in phrases.get(lemma, ()):
                    end = i + len(pwords)
                    if end <= len(toks) and all(
                        w in analysed[i + k][0] for k, w in enumerate(pwords[1:], 1)
                    ):
                        words = found.setdefault(tid, [])
                        text = " ".join(toks[i:end])
                        if len(words) < MAX_WORDS and text not in words:
                            words.append(text)
        return found
