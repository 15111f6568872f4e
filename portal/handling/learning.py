"""Learning from corrections and from the city's referral history: suggested terms per board.

Nothing here changes the rules; an administrator reads the suggestions and accepts some into a
new rule-set version through the dry run (admin rule-set pages).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

import routing
from routing.terms import content_terms

from ..extensions import db
from .models import RoutingCorrection

MIN_LENGTH = 4


def corrections() -> list[RoutingCorrection]:
    return list(db.session.scalars(select(RoutingCorrection).options(joinedload(RoutingCorrection.proposal),
                                                                     joinedload(RoutingCorrection.actor))
                                   .order_by(RoutingCorrection.id)))


def suggestions(rows: list[RoutingCorrection], min_count: int = 2) -> dict[str, list[tuple[str, int]]]:
    """For each board that people added, the words found in at least `min_count` of its proposals."""
    per_board: dict[str, Counter] = defaultdict(Counter)
    for c in rows:
        added = set(c.final_boards) - set(c.original_boards)
        if not added:
            continue
        words = set(content_terms(f"{c.proposal.title} {c.proposal.body}", MIN_LENGTH))
        for board in added:
            per_board[board].update(words)
    return {b: [(w, n) for w, n in sorted(cnt.items(), key=lambda x: (-x[1], x[0])) if n >= min_count]
            for b, cnt in sorted(per_board.items())}


# -- from the history --------------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    """A word that separates one board's referrals from the others'."""
    board: str
    term: str
    count: int        # the board's referrals that use the word
    elsewhere: int    # other boards' referrals that use it
    total: int        # the board's referrals
    z: float          # z-score of the log-odds ratio (board vs the rest)

    @property
    def share(self) -> float:
        """Of the referrals using the word, the share that went to this board."""
        return self.count / (self.count + self.elsewhere)


def routed_alone(words, rs: routing.RuleSet) -> dict[str, tuple[str, ...]]:
    """For each word, the boards the rule set routes it to when it stands alone (often none)."""
    return {w: routing.route(routing.ProposalInput(title=w), rs).boards for w in words}


def history_suggestions(referrals, rs: routing.RuleSet, min_count: int = 3, min_z: float = 1.96,
                        limit: int = 10) -> dict[str, list[Suggestion]]:
    """Per board, the words that best separate its referrals from the rest, strongest first.

    Each referral counts a word once. A word is ranked by the z-score of its log-odds ratio
    (board against every other referral, add-0.5 smoothing), kept when at least `min_count` of the
    board's referrals use it and z >= min_z; stop words, short words, words with digits and words
    the rule set already routes to the board on their own are left out (a word it matches only weakly,
    or for another board, stays). A referral to several boards counts for each."""
    docs = [(set(r.boards), set(content_terms(f"{r.title} {r.body}", MIN_LENGTH))) for r in referrals]
    n = len(docs)
    df_all: Counter = Counter()
    df_board: dict[str, Counter] = defaultdict(Counter)
    size: Counter = Counter()
    for boards, words in docs:
        df_all.update(words)
        for b in boards:
            size[b] += 1
            df_board[b].update(words)
    candidates = {w for b in df_board for w, c in df_board[b].items() if c >= min_count}
    known = routed_alone(sorted(candidates), rs)
    found: dict[str, list[Suggestion]] = {}
    for b in sorted(df_board):
        rest = n - size[b]
        ranked = []
        for w, a in df_board[b].items():
            if a < min_count or b in known[w]:
                continue
            c = df_all[w] - a    # other referrals using the word (a referral to b and another board counts for b)
            z = _log_odds_z(a, size[b], c, rest)
            if z >= min_z:
                ranked.append(Suggestion(b, w, a, c, size[b], z))
        ranked.sort(key=lambda s: (-s.z, -s.count, s.term))
        if ranked:
            found[b] = ranked[:limit]
    return found


def _log_odds_z(a: int, n_a: int, c: int, n_c: int) -> float:
    """z of log((a/(n_a-a)) / (c/(n_c-c))) with 0.5 added to every cell."""
    h = 0.5
    cells = (a + h, n_a - a + h, c + h, n_c - c + h)
    ratio = math.log(cells[0] / cells[1]) - math.log(cells[2] / cells[3])
    return ratio / math.sqrt(sum(1 / x for x in cells))


@dataclass
class Learned:
    """What the admin's rule-set page offers: suggestions from the history and from corrections."""
    history_size: int
    history: dict[str, list[Suggestion]]
    corrections: dict[str, list[tuple[str, int]]]
    score: object = None     # history.Score of the rule set on the stored history, if there is one

    def choices(self) -> list[tuple[str, str]]:
        """Checkbox values `board:word` for every suggestion shown, with a label."""
        pairs = [(f"{s.board}:{s.term}", s.term) for items in self.history.values() for s in items]
        pairs += [(f"{b}:{w}", w) for b, terms in self.corrections.items() for w, _n in terms]
        return list(dict(pairs).items())


_SEEN: dict[tuple, tuple] = {}


def learned(rs: routing.RuleSet, min_count: int = 3, limit: int = 10) -> Learned:
    """The rule set's score on the stored history and the suggestions from it and from corrections.

    Routing the whole history takes about 0.15 ms a referral, so the history's part is kept per rule-set
    version and stored history (its size and newest row) and recomputed only when either changes."""
    from .history import evaluate, history_key, stored_history

    key = (str(db.engine.url), rs.version, id(rs), min_count, limit, history_key())
    if key not in _SEEN:
        referrals = stored_history()
        _SEEN.clear()
        _SEEN[key] = (len(referrals), history_suggestions(referrals, rs, min_count=min_count, limit=limit),
                      evaluate(rs, referrals) if referrals else None)
    size, found, score = _SEEN[key]
    from_corrections = {b: terms[:limit] for b, terms in suggestions(corrections()).items() if terms}
    return Learned(size, found, from_corrections, score)
