"""The verbs of handling. They flush, never commit: the request or command owns the transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import Role, User, board_members
from ..audit import record
from ..db import utcnow
from ..errors import DomainError, PermissionDenied
from ..extensions import db
from ..markdown import render_markdown
from ..outbox.operations import enqueue, queue_email
from ..profile.models import Board
from ..proposals.models import Outcome, Proposal, ProposalState, Support
from . import permissions as perm
from .models import (POINT_KINDS, Assignment, AssignmentRole, AssignmentState as A, Case, CaseCounter,
                     CaseEvent, CaseNote, CaseState as C, MailPreference, RoutingCorrection, RoutingDecision)
from . import workdays


@dataclass(frozen=True)
class Recipient:
    """An address that is not an account, such as a board's shared inbox."""

    email: str
    locale: str | None = None
    display_name: str = ""


def today() -> date:
    return utcnow().astimezone(_tz()).date()


def _tz():
    from zoneinfo import ZoneInfo
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def add_working_days(start: date, n: int) -> date:
    """`n` working days after `start`: weekends, Swedish public holidays and the administrator's
    extra days off (the "holidays" setting) do not count."""
    from ..admin.settings import holidays
    return workdays.add_working_days(start, n, holidays())


def deadline_setting(key: str) -> int:
    """A handling deadline from the administrator's settings (the defaults are this package's
    configuration keys): accept_within_days, consultation_days, deadline_warning_days, case_due_months."""
    from ..admin.settings import get_setting
    return int(get_setting(key))


def _add_months(moment: datetime, months: int) -> datetime:
    from ..proposals.operations import add_months
    return add_months(moment, months)


def _event(case: Case, actor: User | None, kind: str, assignment: Assignment | None = None,
           note: str | None = None) -> None:
    case.events.append(CaseEvent(kind=kind, actor_id=actor.id if actor else None,
                                 assignment_id=assignment.id if assignment else None, note=note))


# -- from proposal to case ---------------------------------------------------------------------

def route_proposal(proposal: Proposal):
    """Adapt a proposal to the router's plain input and route it with the active rule set."""
    import routing
    from ..profile.operations import active_ruleset

    inp = routing.ProposalInput(id=str(proposal.id), title=proposal.title, body=proposal.body,
                                district=proposal.district.slug if proposal.district else None,
                                topics=tuple(t.slug for t in proposal.topics))
    return routing.route(inp, active_ruleset())


def next_reference(board: Board, year: int) -> str:
    """Take the next case number for a board and year; concurrent callers never get the same one."""
    stmt = (update(CaseCounter).where(CaseCounter.board_id == board.id, CaseCounter.year == year)
            .values(last=CaseCounter.last + 1).returning(CaseCounter.last))
    number = db.session.execute(stmt).scalar()
    if number is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(CaseCounter).values(board_id=board.id, year=year, last=1))
            number = 1
        except IntegrityError:  # another transaction created the row first: take the next number
            number = db.session.execute(stmt).scalar_one()
    return f"{board.code}-{year}-{number:05d}"


def start_handling(proposal: Proposal, actor: User | None) -> Case:
    """Route a proposal that reached handling, store the decision, open its case and assignments."""
    before = {"state": proposal.state}
    proposal.transition(ProposalState.IN_HANDLING, actor)
    case = open_case(proposal, actor)
    record(actor, "proposal.start_handling", "proposal", proposal.id, before,
           {"state": proposal.state, "case": case.id, "case_state": case.state,
            "boards": list(case.decision.boards), "lead": case.decision.lead,
            "needs_triage": case.decision.needs_triage, "ruleset": case.decision.ruleset_version})
    _notify_residents(proposal, "proposal_in_handling", case=case)
    db.session.flush()
    return case


def open_case(proposal: Proposal, actor: User | None) -> Case:
    """Route the proposal and open its case: assignments per board, or the triage queue."""
    decision = route_proposal(proposal)
    rd = RoutingDecision(proposal_id=proposal.id, boards=list(decision.boards), lead=decision.lead,
                         topics=list(decision.topics), needs_triage=decision.needs_triage,
                         matches=[{"rule": m.rule, "board": m.board, "terms": list(m.terms),
                                   "words": list(m.words)} for m in decision.matches],
                         ruleset_version=decision.ruleset_version)
    db.session.add(rd)
    now = utcnow()
    case = Case(proposal=proposal, decision=rd, state=C.TRIAGE,
                due_at=_add_months(now, deadline_setting("case_due_months")))
    db.session.add(case)
    db.session.flush()
    boards = {b.slug: b for b in db.session.scalars(select(Board).where(Board.slug.in_(decision.boards)))}
    # The router placed the case, not the person whose action started handling (e.g. the moderator).
    if decision.needs_triage or not decision.lead or decision.lead not in boards:
        _event(case, None, "triage")
        _notify_coordinators(case)
    else:
        _assign_boards(case, None, [boards[s] for s in decision.boards if s in boards], boards[decision.lead])
    db.session.flush()
    return case


def _assign_boards(case: Case, actor: User | None, boards: list[Board], lead: Board) -> None:
    if case.reference is None:
        case.reference = next_reference(lead, utcnow().astimezone(_tz()).year)
    case.lead_board = lead
    case.transition(C.OPEN)
    for board in [lead] + [b for b in boards if b.id != lead.id]:
        _add_assignment(case, actor, board, AssignmentRole.LEAD if board.id == lead.id else AssignmentRole.CONSULTED)


def _add_assignment(case: Case, actor: User | None, board: Board, role: AssignmentRole) -> Assignment:
    days = deadline_setting("accept_within_days")
    a = Assignment(board=board, role=role, state=A.NEW, accept_due=add_working_days(today(), days), points={})
    case.assignments.append(a)
    db.session.flush()
    _event(case, actor, "assigned", a, board.slug)
    _notify_board(board, "assignment_new", case=case, assignment=a)
    return a


def triage(case: Case, actor: User, board_ids: list[int], lead_id: int, reason: str = "") -> None:
    """A coordinator picks the boards and the lead for a case routing could not place."""
    if not perm.can_triage(actor):
        raise PermissionDenied()
    if case.state != C.TRIAGE:
        raise DomainError(_l("This case has already been triaged."))
    ids = list(dict.fromkeys([lead_id] + list(board_ids)))
    boards = {b.id: b for b in db.session.scalars(select(Board).where(Board.id.in_(ids)))}
    if lead_id not in boards:
        raise DomainError(_l("Choose a lead board."))
    chosen = [boards[i] for i in ids if i in boards]
    for a in case.assignments:  # in triage every earlier assignment has been declined
        if a.board_id in boards:
            raise DomainError(_l("%(board)s has already declined this case.", board=a.board.name))
    original = case.decision
    before = {"state": case.state, "boards": list(original.boards) if original else [],
              "lead": original.lead if original else None}
    _assign_boards(case, actor, chosen, boards[lead_id])
    db.session.add(RoutingCorrection(
        case_id=case.id, proposal_id=case.proposal_id,
        original_boards=list(original.boards) if original else [], original_lead=original.lead if original else None,
        final_boards=[b.slug for b in chosen], final_lead=boards[lead_id].slug, actor_id=actor.id,
        reason=reason or "triage"))
    _event(case, actor, "triaged", note=", ".join(b.slug for b in chosen))
    record(actor, "case.triage", "case", case.id, before,
           {"state": case.state, "boards": [b.slug for b in chosen], "lead": boards[lead_id].slug,
            "reference": case.reference, "reason": reason or None})
    db.session.flush()


# -- assignments -------------------------------------------------------------------------------

def _audit_assignment(actor: User, action: str, assignment: Assignment, before: dict, **after) -> None:
    record(actor, action, "assignment", assignment.id, {**before, "board": assignment.board.slug},
           {"state": assignment.state, "board": assignment.board.slug, "case": assignment.case_id, **after})


def _require(actor: User, assignment: Assignment) -> None:
    if not perm.can_act_on(actor, assignment):
        raise PermissionDenied()
    if assignment.case.state == C.DECIDED:
        raise DomainError(_l("This case is already decided."))


def accept(assignment: Assignment, actor: User) -> None:
    """The board takes on its part of the case."""
    _require(actor, assignment)
    before = {"state": assignment.state}
    assignment.transition(A.ACCEPTED)
    assignment.accepted_at, assignment.accepted_by = utcnow(), actor
    _event(assignment.case, actor, "accepted", assignment)
    _audit_assignment(actor, "assignment.accept", assignment, before)
    db.session.flush()


def decline(assignment: Assignment, actor: User, reason: str, suggested: Board | None) -> None:
    """The board says the case is not its own; a suggested board takes its place, and routing learns."""
    _require(actor, assignment)
    if not reason.strip():
        raise DomainError(_l("Give a reason for declining."))
    case = assignment.case
    before = [a.board.slug for a in case.active_assignments]
    lead_before = case.lead.board.slug if case.lead else None
    state_before = assignment.state
    assignment.transition(A.DECLINED)
    assignment.decline_reason, assignment.suggested_board = reason.strip(), suggested
    _event(case, actor, "declined", assignment, reason.strip())
    was_lead = assignment.is_lead
    if suggested is not None and suggested.id != assignment.board_id:
        other = next((a for a in case.assignments if a.board_id == suggested.id), None)
        if other is not None and other.state == A.DECLINED:
            raise DomainError(_l("%(board)s has already declined this case.", board=suggested.name))
        if other is None:
            _add_assignment(case, actor, suggested, AssignmentRole.LEAD if was_lead else AssignmentRole.CONSULTED)
        elif was_lead:
            other.role = AssignmentRole.LEAD
        if was_lead:
            case.lead_board = suggested
    elif was_lead:
        remaining = case.active_assignments
        if remaining:
            remaining[0].role = AssignmentRole.LEAD
            case.lead_board = remaining[0].board
        else:
            case.transition(C.TRIAGE)  # nobody left: back to the coordinators
            _notify_coordinators(case)
    db.session.flush()
    after = [a.board.slug for a in case.active_assignments]
    db.session.add(RoutingCorrection(
        case_id=case.id, proposal_id=case.proposal_id, original_boards=before, original_lead=lead_before,
        final_boards=after, final_lead=case.lead.board.slug if case.lead else None,
        added_board=suggested.slug if suggested is not None and suggested.slug not in before else None,
        actor_id=actor.id, reason=reason.strip()))
    record(actor, "assignment.decline", "assignment", assignment.id,
           {"state": state_before, "board": assignment.board.slug, "boards": before, "lead": lead_before},
           {"state": assignment.state, "reason": reason.strip(), "suggested": suggested.slug if suggested else None,
            "boards": after, "lead": case.lead.board.slug if case.lead else None, "case_state": case.state})
    db.session.flush()


def open_consultation(case: Case, actor: User, questions: str, deadline: date) -> None:
    """The lead sends the case on consultation to the other boards, with questions and a deadline."""
    if not perm.can_lead(actor, case):
        raise PermissionDenied()
    if case.lead.state == A.NEW:
        raise DomainError(_l("Accept the case before opening a consultation."))
    if not case.consulted:
        raise DomainError(_l("There is no other board to consult."))
    if deadline <= today():
        raise DomainError(_l("The deadline must be in the future."))
    before = {"state": case.state}
    case.transition(C.CONSULTATION)
    case.questions, case.consultation_deadline = questions.strip(), deadline
    case.consultation_opened_at = utcnow()
    _event(case, actor, "consultation", note=deadline.isoformat())
    record(actor, "consultation.open", "case", case.id, before,
           {"state": case.state, "deadline": deadline, "consulted": [a.board.slug for a in case.consulted]})
    for a in case.consulted:
        _notify_board(a.board, "consultation_opened", case=case, assignment=a)
    db.session.flush()


def save_statement(assignment: Assignment, actor: User, points: dict[str, list[str]]) -> None:
    """Write or revise the board's statement, its points sorted by kind."""
    _require(actor, assignment)
    if assignment.is_lead:
        raise DomainError(_l("The lead board answers with the decision, not a statement."))
    if assignment.case.state != C.CONSULTATION:
        raise DomainError(_l("The consultation is not open."))
    clean = {k: [p.strip() for p in points.get(k, []) if p.strip()] for k in POINT_KINDS}
    if not any(clean.values()):
        raise DomainError(_l("Write at least one point."))
    before = {"state": assignment.state, "points": dict(assignment.points or {})}
    assignment.transition(A.DRAFTED)
    assignment.points = clean
    from ..i18n import detect_text_language
    assignment.lang = detect_text_language("\n".join(p for ps in clean.values() for p in ps))
    _event(assignment.case, actor, "drafted", assignment)
    _audit_assignment(actor, "statement.draft", assignment, before, points=clean)
    db.session.flush()


class MeetingDateError(DomainError):
    """A meeting date that cannot be true; the form shows it beside the date field."""

    status = 400


def _local_date(moment: datetime | None) -> date | None:
    return moment.astimezone(_tz()).date() if moment else None


def _check_meeting_date(meeting_date: date, not_before: date | None, message: str) -> None:
    """A meeting that approved something has taken place: not in the future, not before what it answers.
    `message` names the earliest possible date as %(date)s."""
    if meeting_date > today():
        raise MeetingDateError(_l("The meeting date cannot be in the future: record the approval after the meeting."))
    if not_before and meeting_date < not_before:
        from flask_babel import format_date
        raise MeetingDateError(message % {"date": format_date(not_before, "long")})


def approve_statement(assignment: Assignment, actor: User, meeting_date: date, minute_ref: str) -> None:
    """Record that the board approved its statement at a meeting (date and minute reference)."""
    _require(actor, assignment)
    if not minute_ref.strip():
        raise DomainError(_l("Give the minute reference."))
    _check_meeting_date(meeting_date, _local_date(assignment.case.consultation_opened_at),
                        _("The statement cannot have been approved before the consultation opened (%(date)s)."))
    before = {"state": assignment.state}
    assignment.transition(A.APPROVED)
    assignment.meeting_date, assignment.minute_ref = meeting_date, minute_ref.strip()
    assignment.approved_at = utcnow()
    _event(assignment.case, actor, "approved", assignment, minute_ref.strip())
    _audit_assignment(actor, "statement.approve", assignment, before, meeting_date=meeting_date,
                      minute_ref=assignment.minute_ref)
    db.session.flush()


def send_statement(assignment: Assignment, actor: User) -> None:
    """Send the approved statement to the lead board."""
    _require(actor, assignment)
    before = {"state": assignment.state}
    assignment.transition(A.SENT)
    assignment.sent_at = utcnow()
    _event(assignment.case, actor, "sent", assignment)
    _audit_assignment(actor, "statement.send", assignment, before)
    case = assignment.case
    if case.lead is not None:
        _notify_board(case.lead.board, "statement_received", case=case, assignment=assignment)
    db.session.flush()


def remind(case: Case, actor: User) -> int:
    """The lead reminds the boards whose statements are not in yet. Returns how many."""
    if not perm.can_lead(actor, case):
        raise PermissionDenied()
    if case.state != C.CONSULTATION:
        raise DomainError(_l("The consultation is not open."))
    waiting = [a for a in case.consulted if a.state != A.SENT]
    now = utcnow()
    for a in waiting:
        a.reminded_at = now
        _notify_board(a.board, "statement_reminder", case=case, assignment=a)
    _event(case, actor, "reminded", note=str(len(waiting)))
    db.session.flush()
    return len(waiting)


def add_note(case: Case, actor: User, body: str) -> CaseNote:
    if not perm.can_read_notes(actor, case):
        raise PermissionDenied()
    if not body.strip():
        raise DomainError(_l("Write a note."))
    note = CaseNote(author_id=actor.id, body=body.strip())
    case.notes.append(note)
    db.session.flush()
    return note


# -- summary and decision ----------------------------------------------------------------------

def can_compile(case: Case) -> bool:
    """After the deadline, or as soon as every consulted board has sent its statement."""
    if case.state != C.CONSULTATION:
        return False
    all_in = case.consulted and all(a.state == A.SENT for a in case.consulted)
    return bool(all_in or (case.consultation_deadline and today() > case.consultation_deadline))


def generate_summary(case: Case) -> str:
    """The points of all sent statements, grouped by kind and then by board, as Markdown."""
    from .models import POINT_LABELS
    lines: list[str] = []
    sent = [a for a in case.consulted if a.state == A.SENT]
    for kind in POINT_KINDS:
        block = [(a, a.point_list(kind)) for a in sent if a.point_list(kind)]
        if not block:
            continue
        lines.append(f"### {POINT_LABELS[kind]}")
        for a, points in block:
            lines.append(f"**{a.board.name}** ({a.minute_ref}):")
            lines.extend(f"- {p}" for p in points)
            lines.append("")
    return "\n".join(lines).strip()


def criticisms(case: Case) -> list[tuple[Assignment, str]]:
    """The negative points of the sent statements: the central criticism the lead comments on."""
    return [(a, p) for a in case.consulted if a.state == A.SENT for p in a.point_list("negative")]


def save_summary(case: Case, actor: User, text: str, comments: list[str]) -> None:
    """The lead saves the edited consultation summary and its comment on each criticism."""
    if not perm.can_lead(actor, case):
        raise PermissionDenied()
    if not can_compile(case):
        raise DomainError(_l("The summary can be written when every statement is in or the deadline has passed."))
    if not text.strip():
        raise DomainError(_l("Write the summary."))
    crit = criticisms(case)
    before = {"summary": case.summary}
    case.summary, case.summary_html = text.strip(), render_markdown(text.strip())
    case.criticism_comments = [{"board": a.board.slug, "board_name": a.board.names, "point": p,
                                "comment": (comments[i] if i < len(comments) else "").strip()}
                               for i, (a, p) in enumerate(crit)]
    case.summary_at = utcnow()
    _event(case, actor, "summary")
    record(actor, "consultation.summary", "case", case.id, before,
           {"summary": case.summary, "comments": [c["comment"] for c in case.criticism_comments]})
    db.session.flush()


def decide(case: Case, actor: User, outcome: Outcome, reasoning: str, minute_ref: str,
           meeting_date: date) -> None:
    """The lead publishes the joint answer: the proposal is answered and everyone is told."""
    if not perm.can_lead(actor, case):
        raise PermissionDenied()
    if case.lead.state == A.NEW:
        raise DomainError(_l("Accept the case before deciding it."))
    if case.state == C.CONSULTATION and not case.summary:
        raise DomainError(_l("Compile the consultation summary first."))
    if not reasoning.strip() or not minute_ref.strip():
        raise DomainError(_l("Give the reasoning and the minute reference."))
    statement_dates = [a.meeting_date for a in case.consulted if a.state == A.SENT and a.meeting_date]
    _check_meeting_date(meeting_date, max(statement_dates, default=None),
                        _("The decision cannot be dated before the last statement was approved (%(date)s)."))
    before = {"state": case.state, "proposal_state": case.proposal.state}
    case.transition(C.DECIDED)
    case.outcome, case.reasoning = outcome, reasoning.strip()
    case.reasoning_html = render_markdown(reasoning.strip())
    case.minute_ref, case.meeting_date = minute_ref.strip(), meeting_date
    case.decided_at, case.decided_by_id = utcnow(), actor.id
    case.lead.transition(A.SENT)
    case.lead.sent_at = case.decided_at
    proposal = case.proposal
    proposal.outcome = outcome
    proposal.transition(ProposalState.ANSWERED, actor)
    _event(case, actor, "decided", note=minute_ref.strip())
    record(actor, "case.decide", "case", case.id, before,
           {"state": case.state, "proposal_state": proposal.state, "outcome": outcome,
            "minute_ref": case.minute_ref, "meeting_date": meeting_date})
    _notify_residents(proposal, "proposal_answered", case=case)
    db.session.flush()


# -- deadlines ---------------------------------------------------------------------------------

def queue_deadline_reminders(now: datetime | None = None) -> int:
    """Warn boards before acceptance and statement deadlines (the `flask handling tick` job)."""
    now = now or utcnow()
    soon = add_working_days(now.astimezone(_tz()).date(), deadline_setting("deadline_warning_days"))
    stmt = (select(Assignment).join(Case).where(Case.state != C.DECIDED, Assignment.reminded_at.is_(None),
                                                Assignment.state.not_in([A.SENT, A.DECLINED])))
    n = 0
    for a in db.session.scalars(stmt):
        due = a.accept_due if a.state == A.NEW else (
            a.case.consultation_deadline if a.case.state == C.CONSULTATION and not a.is_lead else None)
        if due is not None and due <= soon:
            a.reminded_at = now
            _notify_board(a.board, "deadline_reminder", case=a.case, assignment=a, due=due)
            n += 1
    db.session.flush()
    return n


# -- notifications -----------------------------------------------------------------------------

def _notify_board(board: Board, template: str, **ctx) -> None:
    """Mail the board's inbox address and its officers."""
    if board.inbox_email:
        queue_email(Recipient(board.inbox_email, None, board.name), template, board=board, **ctx)
    officers = db.session.scalars(
        select(User).join(board_members, board_members.c.user_id == User.id)
        .where(board_members.c.board_id == board.id, User.active.is_(True)))
    for u in officers:
        if Role.OFFICER in u.roles:
            queue_email(u, template, board=board, **ctx)


def _notify_coordinators(case: Case) -> None:
    from ..accounts.models import UserRole
    for u in db.session.scalars(select(User).join(UserRole).where(UserRole.role == Role.COORDINATOR,
                                                                   User.active.is_(True))):
        queue_email(u, "case_triage", case=case)


def _notify_residents(proposal: Proposal, template: str, **ctx) -> None:
    """The author and every supporter; weekly-digest readers get a digest line instead."""
    rows = db.session.execute(
        select(User, MailPreference.weekly_digest)
        .outerjoin(MailPreference, MailPreference.user_id == User.id)
        .where((User.id == proposal.author_id) | User.id.in_(
            select(Support.user_id).where(Support.proposal_id == proposal.id)))
        .order_by(User.id)).all()
    for user, weekly in rows:
        if weekly:
            enqueue("digest", {"user_id": user.id, "proposal_id": proposal.id, "template": template})
        else:
            queue_email(user, template, proposal=proposal, **ctx)


def set_mail_preference(user: User, weekly: bool, comment_news: bool | None = None) -> None:
    pref = db.session.get(MailPreference, user.id)
    if pref is None:
        pref = MailPreference(user_id=user.id)
        db.session.add(pref)
    pref.weekly_digest = weekly
    if comment_news is not None:
        pref.comment_news = comment_news
    db.session.flush()
