"""Learning from corrections: terms that recur in proposals rerouted to a board, as suggestions.

Nothing here changes the rules; an administrator reads the suggestions and edits the rule set.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import RoutingCorrection

MIN_LENGTH = 4


def corrections() -> list[RoutingCorrection]:
    return list(db.session.scalars(select(RoutingCorrection).options(joinedload(RoutingCorrection.proposal),
                                                                     joinedload(RoutingCorrection.actor))
                                   .order_by(RoutingCorrection.id)))


def suggestions(rows: list[RoutingCorrection], min_count: int = 2) -> dict[str, list[tuple[str, int]]]:
    """For each board that people added, the words found in at least `min_count` of its proposals."""
    from routing.normalise import _EN_STOPWORDS, _SV_STOPWORDS, normalise, tokens

    stop = _SV_STOPWORDS | _EN_STOPWORDS

    per_board: dict[str, Counter] = defaultdict(Counter)
    for c in rows:
        added = set(c.final_boards) - set(c.original_boards)
        if not added:
            continue
        words = {w for w in tokens(normalise(f"{c.proposal.title} {c.proposal.body}")) if len(w) >= MIN_LENGTH and w not in stop}
        for board in added:
            per_board[board].update(words)
    return {b: [(w, n) for w, n in sorted(cnt.items(), key=lambda x: (-x[1], x[0])) if n >= min_count]
            for b, cnt in sorted(per_board.items())}
