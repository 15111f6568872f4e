"""Routing decisions: score every board from the matched rules and pick the lead.

Policy (also in routing/README.md):

* A rule fires when one of its terms occurs (inflected or inside a compound)
  and its ``when`` conditions hold. It adds its weight to each of its boards,
  scaled up by ``extra_term_bonus`` per further distinct term (at most
  ``max_term_factor`` times), plus ``title_bonus`` times its weight when a
  term is in the title. A rule counts once however often its terms repeat.
  Negative weights lower a board (e.g. "efter skolan" is a time, not a school).
* A topic the resident chose adds ``topic_weight`` to each of its boards.
* A board is routed when its score reaches ``min_score``. No routed board
  means ``needs_triage``: no boards, no lead, no guess.
* Boards are ordered by score (descending), then by ``precedence``.
* Lead: the first board in that order (strongest evidence, precedence
  breaks ties), except that ``many_boards_lead`` (kommunstyrelsen) leads
  and joins the boards when the matter spans ``lead_kommunstyrelsen_at`` or
  more boards, or when it is city-wide (a ``city_wide_terms`` phrase such as
  "hela staden") and spans at least ``city_wide_min_boards`` boards.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .normalise import detect_language, has_arabic, normalise, sentence_tokens, sentences, tokens
from .ruleset import RuleSet
from .salience import as_location, example_start, unit_kind

MAX_EVIDENCE = 8


@dataclass(frozen=True)
class ProposalInput:
    id: str = ""
    title: str = ""
    body: str = ""
    district: str | None = None
    topics: tuple[str, ...] = ()


class Match(NamedTuple):
    """One rule's evidence for one board (a tuple: cheap to make for every routed board)."""
    rule: str
    board: str
    terms: tuple[str, ...]
    words: tuple[str, ...] = ()
    where: str = ""            # the most salient place it was found: title, request, neutral, background
    salience: float = 1.0      # what that place counted (see routing/salience.py)


@dataclass(frozen=True)
class Decision:
    id: str
    boards: tuple[str, ...]
    lead: str | None
    topics: tuple[str, ...]
    needs_triage: bool
    matches: tuple[Match, ...]
    scores: dict[str, float] = field(default_factory=dict)
    ruleset_version: str = ""
    language: str = "sv"
    city_wide: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the CLI writes for this decision."""
        return {
            "id": self.id,
            "boards": list(self.boards),
            "lead": self.lead,
            "topics": list(self.topics),
            "needs_triage": self.needs_triage,
            "matches": [
                {"rule": m.rule, "board": m.board, "terms": list(m.terms), "words": list(m.words),
                 **({"where": m.where, "salience": m.salience} if m.where else {})}
                for m in self.matches
            ],
            "scores": {b: round(s, 3) for b, s in self.scores.items()},
            "ruleset_version": self.ruleset_version,
            "language": self.language,
        }


def route(proposal: ProposalInput, rs: RuleSet) -> Decision:
    """Decide which boards a proposal concerns, with the evidence for each."""
    idx, st = rs.index, rs.settings
    units, language = _units(proposal, idx, st.default_language)
    district = rs.district_slug(proposal.district)
    chosen = [t for t in dict.fromkeys(normalise(x) for x in proposal.topics) if t in rs.topics]
    scores, fired, best = _score(rs, units, district, chosen, salient=True)
    boards = _routed(rs, scores, best)
    if not boards and any(f[0] < 1.0 for f in fired.values()):
        # Nothing the proposal asks for is known: read every mention as asked for before
        # giving up, so a story without a request sentence is still routed.
        scores, fired, best = _score(rs, units, district, chosen, salient=False)
        boards = _routed(rs, scores, best)
    found_any = set().union(*[u.found for u in units])
    city_wide = not idx.city_wide.isdisjoint(found_any)
    if not boards:
        return Decision(proposal.id, (), None, (), True, (), scores, rs.version, language, city_wide)
    evidence, rule_topics = _evidence(rs, units, fired, chosen, boards)
    lead = boards[0]
    many = st.many_boards_lead
    spans_many = len(boards) >= st.lead_kommunstyrelsen_at
    if spans_many or (city_wide and len(boards) >= st.city_wide_min_boards):
        lead = many
        if many not in boards:
            boards.append(many)
        # say why the lead board is there, as evidence like any other
        why = ("policy:many-boards", ()) if spans_many else (
            "policy:city-wide", tuple(idx.terms[t] for t in sorted(idx.city_wide) if t in found_any))
        evidence.setdefault(many, []).append(Match(why[0], many, why[1]))
    topic_set = set(chosen) | {t for b in boards for t in rule_topics.get(b, ())}
    topics = tuple(t for t in rs.topics if t in topic_set)
    matches = tuple(m for b in boards for m in evidence.get(b, ()))
    return Decision(proposal.id, tuple(boards), lead, topics, False, matches, scores,
                    rs.version, language, city_wide)


@dataclass
class _Unit:
    """The title or one body sentence: its tokens, terms found, and how much it counts."""
    kind: str                                   # title, request, neutral, background
    toks: list[str]
    found: dict[int, list[tuple[int, str]]]
    weight: float = 1.0


def _units(proposal: ProposalInput, idx, default_language: str) -> tuple[list[_Unit], str]:
    """The title and body sentences with the terms found in each, and the proposal's language."""
    parts: list[tuple[str, str, list[str]]] = []
    title_text = normalise(proposal.title or "")
    body_text = normalise(proposal.body or "")
    arabic = has_arabic(title_text + body_text)
    if title_text.strip():
        parts.append(("title", title_text, tokens(title_text)))
    if "- " in body_text:                       # elided compounds need each sentence's text
        for sentence in sentences(body_text):
            toks = tokens(sentence)
            if toks:
                parts.append((unit_kind(toks, arabic), sentence, toks))
    else:
        parts.extend((unit_kind(toks, arabic), "", toks) for toks in sentence_tokens(body_text))
    language = detect_language(set().union(*[toks for _, _, toks in parts]), default_language, arabic)
    english = language == "en"
    elided = idx.lexicon.elided
    units = [_Unit(kind, toks, idx.find(toks + elided(text) if text else toks, english))
             for kind, text, toks in parts]
    return units, language


def _score(rs: RuleSet, units: list[_Unit], district, chosen, salient: bool):
    """Board scores from the rules that fire, each counted once at its most salient mention."""
    idx, st = rs.index, rs.settings
    asks = any(u.kind == "request" for u in units)
    # A sentence that neither asks nor tells counts fully only when nothing else says what is asked.
    titled = bool(units) and units[0].kind == "title" and any(
        rs.rules[ri].weight > 0 for tid in units[0].found for ri in idx.term_rules.get(tid, ()))
    body_weight = {"request": 1.0, "neutral": st.neutral_weight if asks or titled else 1.0,
                   "background": st.background_weight}
    # best[rule] = (salience, distinct term ids, unit index) over the units where it fires
    fired: dict[int, list] = {}
    term_rules, names, location_weight = idx.term_rules, idx.names, st.location_weight
    for ui, u in enumerate(units):
        if not u.found:
            continue
        if u.kind == "title":
            w = 1.0 + st.title_bonus
        else:
            w = body_weight[u.kind] if salient else 1.0
        unit_rules: dict[int, list[tuple[int, float]]] = {}
        toks = u.toks
        examples = example_start(toks) if salient else len(toks)
        for tid, hits in u.found.items():
            rules = term_rules.get(tid)
            if not rules:
                continue                      # a condition's word, no rule of its own
            loc = 1.0
            if salient and all(p >= examples or as_location(toks, p) or word in names
                               for p, word in hits if p < len(toks)):
                loc = location_weight
                if all(word in names for _, word in hits):
                    loc /= 2                  # a street's name says where, never what
            for ri in rules:
                entry = unit_rules.get(ri)
                if entry is None:
                    unit_rules[ri] = [(tid, loc)]
                elif all(t != tid for t, _ in entry):
                    entry.append((tid, loc))
        conditional = idx.conditional
        if not conditional.isdisjoint(unit_rules):
            unit_rules = {ri: v for ri, v in unit_rules.items() if ri not in conditional
                          or _conditions_hold(rs.rules[ri], ri, idx, u.found, units, district, chosen)}
        factor = 1.0
        if salient and (u.kind == "background" or (u.kind == "neutral" and asks)):
            touched = {b for ri in unit_rules if rs.rules[ri].weight > 0 for b in rs.rules[ri].boards}
            if len(touched) >= st.list_boards:
                factor = (st.list_boards - 1) / len(touched)
        for ri, tids in unit_rules.items():
            sal = w * factor * max(loc for _, loc in tids)
            cur = fired.get(ri)
            if cur is None:
                fired[ri] = [sal, dict.fromkeys(t for t, _ in tids), ui]
            else:
                cur[1].update(dict.fromkeys(t for t, _ in tids))
                if sal > cur[0]:
                    cur[0], cur[2] = sal, ui

    scores: dict[str, float] = {}
    best: dict[str, float] = {}
    min_score, bonus, most = st.min_score, st.extra_term_bonus, st.max_term_factor
    for ri, (sal, tids, _) in fired.items():
        rule = rs.rules[ri]
        # More distinct terms strengthen a clear signal; weak words do not add up to one on their own.
        factor = min(1 + bonus * (len(tids) - 1), most) if rule.weight >= min_score else 1.0
        gain = rule.weight * factor * sal
        for b in rule.boards:
            scores[b] = scores.get(b, 0.0) + gain
            if rule.weight > 0 and sal > best.get(b, 0.0):
                best[b] = sal
    for slug in chosen:
        for b in rs.topics[slug].boards:
            scores[b] = scores.get(b, 0.0) + st.topic_weight
            best[b] = max(best.get(b, 0.0), 1.0)
    return scores, fired, best


def _evidence(rs: RuleSet, units: list[_Unit], fired: dict, chosen, boards: list[str]):
    """The matches that explain each routed board, and the topics of its rules."""
    idx = rs.index
    wanted = set(boards)
    evidence: dict[str, list[Match]] = {}
    rule_topics: dict[str, list[str]] = {}
    for ri in sorted(fired):
        sal, tids, ui = fired[ri]
        rule = rs.rules[ri]
        if rule.weight <= 0 or wanted.isdisjoint(rule.boards):
            continue
        hit = list(tids)
        terms = tuple(idx.terms[t] for t in hit)
        words = tuple(dict.fromkeys(w for u in units for t in hit if t in u.found
                                    for _, w in u.found[t]))
        where = units[ui].kind
        for b in rule.boards:
            evidence.setdefault(b, []).append(
                Match(rule.id, b, terms, words[:MAX_EVIDENCE], where, round(sal, 3)))
            rule_topics.setdefault(b, []).extend(rule.topics)
    for slug in chosen:
        for b in rs.topics[slug].boards:
            evidence.setdefault(b, []).append(Match(f"topic:{slug}", b, ()))
            rule_topics.setdefault(b, []).append(slug)
    return evidence, rule_topics


def _routed(rs: RuleSet, scores: dict[str, float], best: dict[str, float]) -> list[str]:
    """Boards that reach min_score with a salient mention (or strong_score without one), best first."""
    st = rs.settings
    order = rs.index.precedence
    return sorted((b for b, s in scores.items()
                   if s >= st.min_score and (best.get(b, 0.0) >= 1.0 or s >= st.strong_score)),
                  key=lambda b: (-scores[b], order[b]))


def _conditions_hold(rule, ri, idx, found, units, district, chosen) -> bool:
    """District and topic conditions hold for the proposal; all/any/none in the term's sentence
    or the title."""
    when = rule.when
    if when.district and district not in when.district:
        return False
    if when.topics and not any(t in when.topics for t in chosen):
        return False
    if not idx.rule_all[ri] and not idx.rule_any[ri] and not idx.rule_none[ri]:
        return True
    if when.scope == "text":
        def present(tid: int) -> bool:
            return any(tid in u.found for u in units)
    else:
        # the sentence, read under its title: "Tolk i förskolan" makes "modersmål" a preschool matter
        title = units[0].found if units and units[0].kind == "title" else {}

        def present(tid: int) -> bool:
            return tid in found or tid in title
    if not all(present(tid) for tid in idx.rule_all[ri]):
        return False
    if idx.rule_any[ri] and not any(present(tid) for tid in idx.rule_any[ri]):
        return False
    return not any(present(tid) for tid in idx.rule_none[ri])
