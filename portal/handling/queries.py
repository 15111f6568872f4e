"""Read-side queries for inboxes, the triage queue, the overview and the public page."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..db import utcnow
from ..extensions import db
from ..profile.models import Board
from .models import Assignment, AssignmentState as A, Case, CaseState as C

INBOX_TABS = ("all", "new", "mine", "overdue", "joint")


def all_boards() -> list[Board]:
    return list(db.session.scalars(select(Board).order_by(Board.position)))


def _with_case():
    return joinedload(Assignment.case).joinedload(Case.proposal)


def assignment_overdue(a: Assignment, today: date, now: datetime) -> bool:
    if a.state in (A.SENT, A.DECLINED):
        return False
    if a.state == A.NEW and a.accept_due < today:
        return True
    c = a.case
    if c.state == C.CONSULTATION and not a.is_lead and c.consultation_deadline and c.consultation_deadline < today:
        return True
    return c.is_overdue(now)


def inbox(user, board_ids: list[int], tab: str, today: date) -> tuple[list[Assignment], dict[str, int]]:
    """The open assignments of some boards, filtered by tab, with counts for every tab."""
    now = utcnow()
    rows = list(db.session.scalars(
        select(Assignment).join(Case).where(Assignment.board_id.in_(board_ids), Case.state != C.DECIDED,
                                            Assignment.state.not_in([A.SENT, A.DECLINED]))
        .options(_with_case(), selectinload(Assignment.case, Case.assignments))
        .order_by(Assignment.accept_due, Assignment.id)).unique())
    tests = {
        "all": lambda a: True,
        "new": lambda a: a.state == A.NEW,
        "mine": lambda a: a.accepted_by_id == user.id,
        "overdue": lambda a: assignment_overdue(a, today, now),
        "joint": lambda a: a.case.is_joint,
    }
    counts = {t: sum(1 for a in rows if tests[t](a)) for t in INBOX_TABS}
    return [a for a in rows if tests[tab](a)], counts


def triage_queue() -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.state == C.TRIAGE).options(joinedload(Case.decision))
        .order_by(Case.created_at, Case.id)).unique())


def overdue_overview(today: date) -> list[Assignment]:
    """Every overdue assignment across the boards, for the coordinators."""
    now = utcnow()
    rows = db.session.scalars(
        select(Assignment).join(Case).where(Case.state != C.DECIDED,
                                            Assignment.state.not_in([A.SENT, A.DECLINED]))
        .options(_with_case(), selectinload(Assignment.case, Case.assignments))
        .order_by(Assignment.accept_due, Assignment.id)).unique()
    return [a for a in rows if assignment_overdue(a, today, now)]


def case_for_page(case_id: int) -> Case | None:
    return db.session.scalar(
        select(Case).where(Case.id == case_id)
        .options(joinedload(Case.decision), selectinload(Case.events), selectinload(Case.notes)))


def public_case(proposal_id: int) -> Case | None:
    """The case behind a proposal, for its public page."""
    return db.session.scalar(select(Case).where(Case.proposal_id == proposal_id)
                             .options(joinedload(Case.decision)))


def _as_written(proposal) -> dict[str, str]:
    """The router's case-folded words -> the words as the resident wrote them (first occurrence)."""
    import unicodedata

    from routing.normalise import normalise, tokens
    text = unicodedata.normalize("NFKC", f"{proposal.title}\n{proposal.body}")
    out: dict[str, str] = {}
    for token in tokens(text):
        out.setdefault(normalise(token), token)
    return out


def routing_reasons(case: Case) -> list[dict]:
    """Why each board has the case, in plain terms: words found in the text (as the resident wrote
    them) and topics chosen."""
    matches = case.decision.matches if case.decision else []
    written = _as_written(case.proposal) if matches else {}
    out = []
    for a in case.active_assignments:
        words = sorted({written.get(w, w) for m in matches if m["board"] == a.board.slug
                        for w in (m.get("words") or m["terms"])}, key=str.casefold)
        by_topic = any(m["rule"].startswith("topic:") and m["board"] == a.board.slug for m in matches)
        out.append({"assignment": a, "words": words, "by_topic": by_topic})
    return out
