"""Follow-up after a decision that grants a proposal: the lead board's dated updates, who is told,
and the overview of granted proposals whose follow-up is overdue or missing."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..admin.settings import get_setting
from ..audit import record
from ..db import utcnow
from ..errors import DomainError, PermissionDenied
from ..extensions import db
from ..markdown import render_markdown
from ..outbox.operations import enqueue
from ..profile.models import Board
from ..proposals.models import PUBLIC_STATES, Outcome, Proposal
from . import permissions as perm
from .models import Case, CaseState, FollowUpStatus as F, FollowUpUpdate

# The follow-up facet of search and the API: granted proposals by how far the work has come.
FACET_LABELS = {
    "missing": _l("Granted, no follow-up yet"),
    "planned": _l("Granted, planned"),
    "in_progress": _l("Granted, in progress"),
    "done": _l("Granted, done"),
    "stopped": _l("Granted, stopped"),
}
_FACET = {F.PLANNED: "planned", F.STARTED: "in_progress", F.DONE: "done", F.STOPPED: "stopped"}
FINISHED = (F.DONE, F.STOPPED)


def facet_value(case: Case | None) -> str | None:
    if case is None or not case.is_granted:
        return None
    latest = case.follow_up
    return _FACET[latest.status] if latest else "missing"


def can_follow_up(user, case: Case) -> bool:
    latest = case.follow_up
    return case.is_granted and (latest is None or latest.status not in FINISHED) and perm.can_lead(user, case)


def publish_update(case: Case, actor, status: F, body: str, due_on: date | None = None,
                   reason: str = "") -> FollowUpUpdate:
    """The lead board publishes a dated follow-up update; supporters and the author are told."""
    if not perm.can_lead(actor, case):
        raise PermissionDenied()
    if not case.is_granted:
        raise DomainError(_l("Follow-up is published after a decision that grants the proposal."))
    latest = case.follow_up
    if latest is not None and latest.status in FINISHED:
        raise DomainError(_l("The follow-up is finished: the work is done or stopped."))
    body, reason = (body or "").strip(), (reason or "").strip()
    if not body:
        raise DomainError(_l("Write what will be done or how the work is going."))
    if status == F.STOPPED and not reason:
        raise DomainError(_l("Give the reason why the work stopped."))
    update = FollowUpUpdate(status=status, body=body, body_html=render_markdown(body), due_on=due_on,
                            reason=reason if status == F.STOPPED else None, author_id=actor.id,
                            published_at=utcnow())
    case.follow_ups.append(update)
    db.session.flush()
    record(actor, "case.follow_up", "case", case.id, {"follow_up": latest.status if latest else None},
           {"follow_up": status, "due_on": due_on, "reason": update.reason})
    from .operations import _notify_residents
    _notify_residents(case.proposal, "proposal_follow_up", case=case, update=update)
    enqueue("search", {"kind": "proposal", "id": case.proposal_id})
    db.session.flush()
    return update


def facets_for(proposal_ids: list[int]) -> dict[int, str]:
    """The follow-up facet of each of these proposals that has one (two queries)."""
    if not proposal_ids:
        return {}
    cases = db.session.scalars(select(Case).where(Case.proposal_id.in_(proposal_ids), Case.state == CaseState.DECIDED)
                               .options(selectinload(Case.follow_ups))).unique()
    return {c.proposal_id: v for c in cases if (v := facet_value(c)) is not None}


@dataclass
class BoardRow:
    board: Board | None
    granted: int = 0
    done: int = 0
    in_progress: int = 0
    stopped: int = 0
    overdue: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def overview(today: date | None = None) -> list[BoardRow]:
    """Granted public proposals per lead board, with those whose follow-up is overdue (a planned or
    started update past its date) or missing (none some weeks after the decision). Three queries."""
    today = today or utcnow().date()
    grace = timedelta(days=int(get_setting("follow_up_within_days")))
    cases = db.session.scalars(
        select(Case).join(Proposal, Proposal.id == Case.proposal_id)
        .where(Case.state == CaseState.DECIDED, Case.outcome.in_([Outcome.GRANTED, Outcome.PARTLY_GRANTED]),
               Proposal.state.in_(PUBLIC_STATES), Proposal.hidden.is_(False))
        .options(selectinload(Case.follow_ups)).order_by(Case.decided_at)).unique()
    rows: dict[int | None, BoardRow] = {}
    for c in cases:
        row = rows.setdefault(c.lead_board_id, BoardRow(c.lead_board))
        row.granted += 1
        latest = c.follow_up
        if latest is None:
            if c.decided_at and c.decided_at.date() + grace < today:
                row.missing.append(c)
        elif latest.status == F.DONE:
            row.done += 1
        elif latest.status == F.STOPPED:
            row.stopped += 1
        else:
            row.in_progress += 1
            if latest.due_on and latest.due_on < today:
                row.overdue.append(c)
    return sorted(rows.values(), key=lambda r: r.board.name if r.board else "")
