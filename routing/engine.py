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
from typing import Any

from .normalise import detect_language, normalise, tokens
from .ruleset import RuleSet


@dataclass(frozen=True)
class ProposalInput:
    id: str = ""
    title: str = ""
    body: str = ""
    district: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    rule: str
    board: str
    terms: tuple[str, ...]
    words: tuple[str, ...] = ()


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
                {"rule": m.rule, "board": m.board, "terms": list(m.terms), "words": list(m.words)}
                for m in self.matches
            ],
            "scores": {b: round(s, 3) for b, s in self.scores.items()},
            "ruleset_version": self.ruleset_version,
            "language": self.language,
        }


def route(proposal: ProposalInput, rs: RuleSet) -> Decision:
    """Decide which boards a proposal concerns, with the evidence for each."""
    idx, st = rs.index, rs.settings
    title_text, body_text = normalise(proposal.title or ""), normalise(proposal.body or "")
    title, body = tokens(title_text), tokens(body_text)
    language = detect_language(title + body, st.default_language)
    title += idx.lexicon.elided(title_text)
    body += idx.lexicon.elided(body_text)
    in_title = idx.find(title)
    found = idx.find(body)
    for tid, words in in_title.items():
        found[tid] = words + [w for w in found.get(tid, ()) if w not in words]
    district = rs.district_slug(proposal.district)
    chosen = [t for t in dict.fromkeys(normalise(x) for x in proposal.topics) if t in rs.topics]

    scores: dict[str, float] = {}
    evidence: dict[str, list[Match]] = {}
    rule_topics: dict[str, list[str]] = {}
    candidates = sorted({ri for tid in found for ri in idx.term_rules.get(tid, ())})
    for ri in candidates:
        rule = rs.rules[ri]
        if not _conditions_hold(rule, ri, idx, found, district, chosen):
            continue
        hit = [tid for tid in idx.rule_terms[ri] if tid in found]
        gain = rule.weight * min(1 + st.extra_term_bonus * (len(hit) - 1), st.max_term_factor)
        if any(tid in in_title for tid in hit):
            gain += rule.weight * st.title_bonus
        terms = tuple(idx.terms[t] for t in hit)
        words = tuple(dict.fromkeys(w for t in hit for w in found[t]))
        for b in rule.boards:
            scores[b] = scores.get(b, 0.0) + gain
            if rule.weight > 0:
                evidence.setdefault(b, []).append(Match(rule.id, b, terms, words))
                rule_topics.setdefault(b, []).extend(rule.topics)
    for slug in chosen:
        for b in rs.topics[slug].boards:
            scores[b] = scores.get(b, 0.0) + st.topic_weight
            evidence.setdefault(b, []).append(Match(f"topic:{slug}", b, ()))
            rule_topics.setdefault(b, []).append(slug)

    order = {b: i for i, b in enumerate(rs.precedence)}
    boards = sorted((b for b, s in scores.items() if s >= st.min_score), key=lambda b: (-scores[b], order[b]))
    city_wide = any(tid in found for tid in idx.city_wide)
    if not boards:
        return Decision(proposal.id, (), None, (), True, (), scores, rs.version, language, city_wide)
    lead = boards[0]
    many = st.many_boards_lead
    spans_many = len(boards) >= st.lead_kommunstyrelsen_at
    if spans_many or (city_wide and len(boards) >= st.city_wide_min_boards):
        lead = many
        if many not in boards:
            boards.append(many)
        # say why the lead board is there, as evidence like any other
        why = ("policy:many-boards", ()) if spans_many else (
            "policy:city-wide", tuple(idx.terms[t] for t in sorted(idx.city_wide) if t in found))
        evidence.setdefault(many, []).append(Match(why[0], many, why[1]))
    topic_set = set(chosen) | {t for b in boards for t in rule_topics.get(b, ())}
    topics = tuple(t for t in rs.topics if t in topic_set)
    matches = tuple(m for b in boards for m in evidence.get(b, ()))
    return Decision(proposal.id, tuple(boards), lead, topics, False, matches, scores,
                    rs.version, language, city_wide)


def _conditions_hold(rule, ri, idx, found, district, chosen) -> bool:
    when = rule.when
    if when.district and district not in when.district:
        return False
    if when.topics and not any(t in when.topics for t in chosen):
        return False
    if any(tid not in found for tid in idx.rule_all[ri]):
        return False
    return not any(tid in found for tid in idx.rule_none[ri])
