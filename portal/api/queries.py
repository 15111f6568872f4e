"""Read-side queries for the API and the exports: a constant number of queries whatever the page size."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..handling.models import Assignment, Case, CaseState
from ..profile.models import Board
from ..proposals.models import Proposal, ProposalState
from ..proposals.pagination import keyset_page
from ..proposals.queries import ORDERS, Page, filtered, load_in_order, paginate


def proposals(args: dict) -> Page:
    """Public proposals by status, board, district, topic and publication date; newest first, id tiebreak."""
    stmt = filtered(args.get("status"), args.get("district"), args.get("topic"), sort="newest")
    if args.get("board"):
        stmt = stmt.where(exists().where(Case.proposal_id == Proposal.id, Assignment.case_id == Case.id,
                                         Assignment.board_id == Board.id, Board.slug == args["board"]))
    if args.get("published_from"):
        stmt = stmt.where(Proposal.published_at >= _day_start(args["published_from"]))
    if args.get("published_to"):
        stmt = stmt.where(Proposal.published_at < _day_after(args["published_to"]))
    filters = tuple((k, str(v)) for k, v in sorted(args.items()) if k not in ("page", "per_page", "cursor"))
    return keyset_page(stmt, ORDERS["newest"], args["page"], args["per_page"], after=args.get("cursor"),
                       load=load_in_order, cache_key=("api-proposals", filters))


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=timezone.utc)


def _day_after(d: date) -> datetime:
    return _day_start(d + timedelta(days=1))


def _case_loads():
    return (selectinload(Case.assignments), selectinload(Case.decision), selectinload(Case.follow_ups))


def proposal(proposal_id: int) -> tuple[Proposal | None, Case | None]:
    p = db.session.get(Proposal, proposal_id)
    if p is None or not p.is_public:
        return None, None
    case = db.session.scalar(select(Case).where(Case.proposal_id == p.id).options(*_case_loads()))
    return p, case


def decisions_stmt(board: str | None = None, outcome: str | None = None):
    """Decided cases of public proposals, newest decision first (id tiebreak)."""
    stmt = (select(Case).join(Case.proposal)
            .where(Case.state == CaseState.DECIDED, Proposal.hidden.is_(False),
                   Proposal.state.in_((ProposalState.ANSWERED, ProposalState.CLOSED)))
            .options(*_case_loads()))
    if board:
        stmt = stmt.where(exists().where(Assignment.case_id == Case.id, Assignment.board_id == Board.id,
                                         Board.slug == board))
    if outcome:
        stmt = stmt.where(Case.outcome == outcome)
    return stmt.order_by(Case.decided_at.desc(), Case.id.desc())


def decisions(args: dict) -> Page:
    return paginate(decisions_stmt(args.get("board"), args.get("outcome")), args["page"], args["per_page"])


def cases_for(user, page: int, per_page: int) -> Page:
    """Cases that involve one of the user's boards (all cases for coordinators), newest first."""
    from ..handling.permissions import board_ids, is_coordinator
    stmt = select(Case).options(*_case_loads())
    if not is_coordinator(user):
        mine = board_ids(user) or {-1}
        stmt = stmt.where(exists().where(Assignment.case_id == Case.id, Assignment.board_id.in_(mine)))
    return paginate(stmt.order_by(Case.created_at.desc(), Case.id.desc()), page, per_page)


def case_item(case: Case) -> dict:
    from ..privacy.public import public_dict
    return {"id": case.id, "reference": case.reference, "state": case.state.value,
            "created_at": case.created_at.isoformat(), "due_at": case.due_at.isoformat(),
            "overdue": case.is_overdue(),
            "proposal": {"id": case.proposal.id, "title": case.proposal.title, "state": case.proposal.state.value},
            "assignments": [{"board": public_dict("board", a.board), "role": a.role.value, "state": a.state.value,
                             "accept_due": a.accept_due.isoformat() if a.accept_due else None}
                            for a in case.assignments]}
