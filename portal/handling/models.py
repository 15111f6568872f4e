"""Cases, assignments per board, consultations, statements, decisions and routing corrections."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import UTCDateTime, utcnow
from ..errors import IllegalTransition
from ..extensions import db
from ..profile.models import Board
from ..proposals.models import Outcome, Proposal, _enum


class CaseState(str, enum.Enum):
    TRIAGE = "triage"
    OPEN = "open"
    CONSULTATION = "consultation"
    DECIDED = "decided"

    @property
    def label(self) -> str:
        return str(CASE_STATE_LABELS[self])


CASE_STATE_LABELS = {
    CaseState.TRIAGE: _l("Waiting for triage"),
    CaseState.OPEN: _l("Being handled"),
    CaseState.CONSULTATION: _l("Out for consultation"),
    CaseState.DECIDED: _l("Decided"),
}

C = CaseState
CASE_TRANSITIONS: dict[CaseState, set[CaseState]] = {
    C.TRIAGE: {C.OPEN},
    C.OPEN: {C.CONSULTATION, C.DECIDED, C.TRIAGE},
    C.CONSULTATION: {C.DECIDED},
    C.DECIDED: set(),
}


class AssignmentRole(str, enum.Enum):
    LEAD = "lead"
    CONSULTED = "consulted"

    @property
    def label(self) -> str:
        return str(_l("Lead board") if self == AssignmentRole.LEAD else _l("Consulted board"))


class AssignmentState(str, enum.Enum):
    NEW = "new"
    ACCEPTED = "accepted"
    DRAFTED = "drafted"
    APPROVED = "approved"
    SENT = "sent"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(ASSIGNMENT_STATE_LABELS[self])


ASSIGNMENT_STATE_LABELS = {
    AssignmentState.NEW: _l("New"),
    AssignmentState.ACCEPTED: _l("Accepted"),
    AssignmentState.DRAFTED: _l("Statement drafted"),
    AssignmentState.APPROVED: _l("Statement approved"),
    AssignmentState.SENT: _l("Statement sent"),
    AssignmentState.DECLINED: _l("Declined"),
}

A = AssignmentState
ASSIGNMENT_TRANSITIONS: dict[AssignmentState, set[AssignmentState]] = {
    A.NEW: {A.ACCEPTED, A.DECLINED},
    # ACCEPTED -> SENT: the lead's own part ends when it publishes the joint answer.
    A.ACCEPTED: {A.DRAFTED, A.SENT},
    A.DRAFTED: {A.DRAFTED, A.APPROVED},
    A.APPROVED: {A.SENT},
    A.SENT: set(),
    A.DECLINED: set(),
}
# The kinds of points a statement sorts its content into.
POINT_KINDS = ("positive", "negative", "consequences", "suggestions")
POINT_LABELS = {
    "positive": _l("Positive"),
    "negative": _l("Negative"),
    "consequences": _l("Consequences for our work"),
    "suggestions": _l("Suggestions"),
}
EVENT_LABELS = {
    "triage": _l("Sent to triage"),
    "triaged": _l("Boards chosen by a coordinator"),
    "assigned": _l("Assigned to a board"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "consultation": _l("Consultation opened"),
    "drafted": _l("Statement drafted"),
    "approved": _l("Statement approved"),
    "sent": _l("Statement sent"),
    "reminded": _l("Reminders sent"),
    "summary": _l("Consultation summary saved"),
    "decided": _l("Decided"),
}
OUTCOME_LABELS = {
    Outcome.GRANTED: _l("Granted"),
    Outcome.PARTLY_GRANTED: _l("Partly granted"),
    Outcome.REJECTED: _l("Rejected"),
    Outcome.ANSWERED: _l("Answered"),
}


def _label_variants() -> dict[str, str]:
    """Every language's text of each point heading -> the point kind."""
    from flask import current_app
    from flask_babel import force_locale
    from markupsafe import escape
    variants: dict[str, str] = {}
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            for kind, label in POINT_LABELS.items():
                variants[str(escape(str(label)))] = kind
    return variants


def localise_generated(html: str, boards) -> str:
    """Swap generated point headings (<h3>Positivt</h3>) and board names (<strong>...</strong>)
    written in any of the portal's languages for the reader's."""
    import re

    from markupsafe import escape
    if not html:
        return html
    variants = _label_variants()
    names = {str(escape(n)): b.name for b in boards for n in (b.names or {}).values()}

    def heading(m):
        kind = variants.get(m.group(2))
        return f"<h{m.group(1)}>{escape(POINT_LABELS[kind])}</h{m.group(1)}>" if kind else m.group(0)

    def strong(m):
        name = names.get(m.group(1))
        return f"<strong>{escape(name)}</strong>" if name else m.group(0)
    html = re.sub(r"<h([1-6])>([^<]*)</h\1>", heading, html)
    return re.sub(r"<strong>([^<]*)</strong>", strong, html)


class RoutingDecision(db.Model):
    """What the router decided for a proposal, kept as evidence and for learning."""

    __tablename__ = "routing_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    boards: Mapped[list] = mapped_column(JSON, default=list)
    lead: Mapped[str | None] = mapped_column(String(60))
    topics: Mapped[list] = mapped_column(JSON, default=list)
    matches: Mapped[list] = mapped_column(JSON, default=list)
    needs_triage: Mapped[bool] = mapped_column(default=False)
    ruleset_version: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<RoutingDecision {self.id} proposal={self.proposal_id} boards={self.boards}>"


class CaseCounter(db.Model):
    """The last case number used per board and year; the row is locked while a number is taken."""

    __tablename__ = "case_counters"
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<CaseCounter {self.board_id}/{self.year}: {self.last}>"


class Case(db.Model):
    """One proposal in handling: its boards, consultation, summary and decision."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_state_due_at", "state", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(30), unique=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("routing_decisions.id"))
    lead_board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id"), index=True)
    state: Mapped[CaseState] = mapped_column(_enum(CaseState, "case_state"), default=C.TRIAGE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    questions: Mapped[str | None] = mapped_column(Text)
    consultation_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consultation_deadline: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    summary_html: Mapped[str | None] = mapped_column(Text)
    criticism_comments: Mapped[list] = mapped_column(JSON, default=list)
    summary_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "case_outcome"))
    reasoning: Mapped[str | None] = mapped_column(Text)
    reasoning_html: Mapped[str | None] = mapped_column(Text)
    minute_ref: Mapped[str | None] = mapped_column(String(30))
    meeting_date: Mapped[date | None] = mapped_column(Date)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    proposal: Mapped[Proposal] = relationship(lazy="joined", innerjoin=True)
    lead_board: Mapped[Board | None] = relationship(lazy="joined")
    decision: Mapped[RoutingDecision | None] = relationship()
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="case", order_by="Assignment.id", lazy="selectin", cascade="all, delete-orphan")
    events: Mapped[list["CaseEvent"]] = relationship(order_by="CaseEvent.id", cascade="all, delete-orphan")
    notes: Mapped[list["CaseNote"]] = relationship(order_by="CaseNote.id", cascade="all, delete-orphan")
    follow_ups: Mapped[list["FollowUpUpdate"]] = relationship(order_by="FollowUpUpdate.id",
                                                              cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Case {self.reference or self.id} {self.state.value}>"

    def transition(self, to: CaseState) -> None:
        if to not in CASE_TRANSITIONS[self.state]:
            raise IllegalTransition(_l("A case cannot go from “%(a)s” to “%(b)s”.",
                                       a=self.state.label, b=to.label))
        self.state = to

    @property
    def active_assignments(self) -> list["Assignment"]:
        return [a for a in self.assignments if a.state != A.DECLINED]

    @property
    def lead(self) -> "Assignment | None":
        return next((a for a in self.active_assignments if a.role == AssignmentRole.LEAD), None)

    @property
    def consulted(self) -> list["Assignment"]:
        return [a for a in self.active_assignments if a.role == AssignmentRole.CONSULTED]

    @property
    def is_joint(self) -> bool:
        return len(self.active_assignments) > 1

    @property
    def statements_received(self) -> int:
        return sum(1 for a in self.consulted if a.state == A.SENT)

    @property
    def summary_for_reader(self) -> str:
        """The consultation summary with what the portal generated in it (the point headings and
        the board names) in the reader's language; what the lead wrote stays as written."""
        return localise_generated(self.summary_html or "", [a.board for a in self.assignments])

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.state != C.DECIDED and (now or utcnow()) > self.due_at

    @property
    def is_granted(self) -> bool:
        return self.state == C.DECIDED and self.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)

    @property
    def follow_up(self) -> "FollowUpUpdate | None":
        """The latest follow-up update, if any."""
        return self.follow_ups[-1] if self.follow_ups else None


class Assignment(db.Model):
    """One board's part in a case, with its own state and statement."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("case_id", "board_id", name="uq_assignments_case_board"),
                      Index("ix_assignments_board_state", "board_id", "state"))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    role: Mapped[AssignmentRole] = mapped_column(_enum(AssignmentRole, "assignment_role"))
    state: Mapped[AssignmentState] = mapped_column(_enum(AssignmentState, "assignment_state"), default=A.NEW)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accept_due: Mapped[date] = mapped_column(Date)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    suggested_board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id"))
    points: Mapped[dict] = mapped_column(JSON, default=dict)
    # The language the statement is written in (sv, en, ar), detected when saved (WCAG 3.1.2).
    lang: Mapped[str | None] = mapped_column(String(8))
    meeting_date: Mapped[date | None] = mapped_column(Date)
    minute_ref: Mapped[str | None] = mapped_column(String(30))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="assignments")
    board: Mapped[Board] = relationship(foreign_keys=[board_id], lazy="joined", innerjoin=True)
    suggested_board: Mapped[Board | None] = relationship(foreign_keys=[suggested_board_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])

    def __repr__(self) -> str:
        return f"<Assignment {self.id} case={self.case_id} {self.board_id} {self.state.value}>"

    def transition(self, to: AssignmentState) -> None:
        if to not in ASSIGNMENT_TRANSITIONS[self.state]:
            raise IllegalTransition(_l("An assignment cannot go from “%(a)s” to “%(b)s”.",
                                       a=self.state.label, b=to.label))
        self.state = to

    @property
    def is_lead(self) -> bool:
        return self.role == AssignmentRole.LEAD

    @property
    def shown_state(self) -> AssignmentState | CaseState:
        """The state in this role's own words: the lead board's part ends with the decision
        ("Decided"), a consulted board's with its statement ("Statement sent")."""
        if self.is_lead and self.state == AssignmentState.SENT:
            return CaseState.DECIDED
        return self.state

    def point_list(self, kind: str) -> list[str]:
        return [p for p in (self.points or {}).get(kind, []) if p]

    @property
    def has_statement(self) -> bool:
        return any(self.point_list(k) for k in POINT_KINDS)


class CaseEvent(db.Model):
    """The history of a case: who did what to which assignment, and when."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<CaseEvent {self.id} {self.kind}>"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))

    def detail(self, case: "Case") -> str:
        """What changed, in the reader's words: board names, not slugs; dates as dates."""
        from flask_babel import format_date
        by_id = {a.id: a.board for a in case.assignments}
        by_slug = {b.slug: b for b in by_id.values()}
        board = by_id.get(self.assignment_id) if self.assignment_id else None
        note = self.note or ""
        if self.kind == "assigned":
            note = ""  # the note is the board's slug: the board is named below
        elif self.kind == "triaged":
            note = ", ".join(by_slug[s].name if s in by_slug else s for s in note.split(", ") if s)
        elif self.kind == "consultation" and note:
            try:
                note = str(_l("deadline %(date)s", date=format_date(date.fromisoformat(note), "long")))
            except ValueError:
                pass
        elif self.kind == "reminded" and note.isdigit():
            from flask_babel import ngettext
            note = ngettext("%(num)s board reminded", "%(num)s boards reminded", int(note))
        parts = [board.name] if board else []
        return ": ".join(p for p in (", ".join(parts), note) if p)

    @property
    def by_routing(self) -> bool:
        """Events the router caused (no person acted)."""
        return self.actor_id is None and self.kind in ("triage", "assigned")


class CaseNote(db.Model):
    """An internal note on a case; never shown to the public."""

    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<CaseNote {self.id} case={self.case_id}>"


class RoutingCorrection(db.Model):
    """A person corrected the router: original decision, final boards, who and why."""

    __tablename__ = "routing_corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    original_boards: Mapped[list] = mapped_column(JSON, default=list)
    original_lead: Mapped[str | None] = mapped_column(String(60))
    final_boards: Mapped[list] = mapped_column(JSON, default=list)
    final_lead: Mapped[str | None] = mapped_column(String(60))
    added_board: Mapped[str | None] = mapped_column(String(60))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship()
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<RoutingCorrection {self.id} {self.original_boards} -> {self.final_boards}>"


class RoutingHistoryImport(db.Model):
    """One file of past referrals imported with `flask routing import-history`."""

    __tablename__ = "routing_history_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ruleset_version: Mapped[str] = mapped_column(String(80), default="")
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_added: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<RoutingHistoryImport {self.id} {self.filename!r} +{self.rows_added}>"


class RoutingHistoryItem(db.Model):
    """A past proposal and the boards the registrar referred it to (the first one answered)."""

    __tablename__ = "routing_history_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("routing_history_imports.id", ondelete="CASCADE"), index=True)
    line: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    boards: Mapped[list] = mapped_column(JSON, default=list)
    referred_on: Mapped[date | None] = mapped_column(Date)
    # sha256 of title, body, boards and date: the same referral imported twice is kept once
    digest: Mapped[str] = mapped_column(String(64), unique=True)

    def __repr__(self) -> str:
        return f"<RoutingHistoryItem {self.id} {self.boards}>"


class MailPreference(db.Model):
    """How a resident wants news about proposals: at once, or in a weekly digest."""

    __tablename__ = "mail_preferences"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    weekly_digest: Mapped[bool] = mapped_column(default=False)
    # New comments on proposals the resident follows, as lines in the weekly digest (never one e-mail each).
    comment_news: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<MailPreference {self.user_id} weekly={self.weekly_digest}>"


class FollowUpStatus(str, enum.Enum):
    PLANNED = "planned"
    STARTED = "started"
    DONE = "done"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return str(FOLLOW_UP_LABELS[self])


FOLLOW_UP_LABELS = {
    FollowUpStatus.PLANNED: _l("Planned"),
    FollowUpStatus.STARTED: _l("Started"),
    FollowUpStatus.DONE: _l("Done"),
    FollowUpStatus.STOPPED: _l("Stopped"),
}


class FollowUpUpdate(db.Model):
    """What the lead board reports after granting a proposal: what will be done, by when, progress."""

    __tablename__ = "follow_up_updates"
    __table_args__ = (Index("ix_follow_up_updates_case", "case_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    status: Mapped[FollowUpStatus] = mapped_column(_enum(FollowUpStatus, "follow_up_status"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    # Why the work stopped (required for "stopped").
    reason: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    def __repr__(self) -> str:
        return f"<FollowUpUpdate {self.id} case={self.case_id} {self.status.value}>"
