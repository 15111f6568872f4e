"""Proposals, their timeline and their supports."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import false as sa_false
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import UTCDateTime, utcnow
from ..errors import IllegalTransition
from ..extensions import db
from ..moderation.models import HiddenByModerator, ModerationReason
from ..profile.models import District, Topic


class ProposalState(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    THRESHOLD_REACHED = "threshold_reached"
    IN_HANDLING = "in_handling"
    ANSWERED = "answered"
    CLOSED = "closed"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    ProposalState.DRAFT: _l("Draft"),
    ProposalState.SUBMITTED: _l("Awaiting moderation"),
    ProposalState.PUBLISHED: _l("Collecting support"),
    ProposalState.THRESHOLD_REACHED: _l("Threshold reached"),
    ProposalState.IN_HANDLING: _l("In handling"),
    ProposalState.ANSWERED: _l("Answered"),
    ProposalState.CLOSED: _l("Closed"),
    ProposalState.REJECTED: _l("Rejected by moderation"),
    ProposalState.EXPIRED: _l("Expired"),
    ProposalState.WITHDRAWN: _l("Withdrawn"),
}

S = ProposalState
TRANSITIONS: dict[ProposalState, set[ProposalState]] = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.PUBLISHED, S.REJECTED, S.DRAFT},
    S.REJECTED: {S.DRAFT, S.SUBMITTED},
    S.PUBLISHED: {S.THRESHOLD_REACHED, S.EXPIRED, S.WITHDRAWN},
    S.THRESHOLD_REACHED: {S.IN_HANDLING},
    S.IN_HANDLING: {S.ANSWERED},
    S.ANSWERED: {S.CLOSED},
    S.CLOSED: set(),
    S.EXPIRED: set(),
    S.WITHDRAWN: set(),
}
# States the public can see; the rest only the author and moderators.
PUBLIC_STATES = frozenset({S.PUBLISHED, S.THRESHOLD_REACHED, S.IN_HANDLING, S.ANSWERED,
                           S.CLOSED, S.EXPIRED, S.WITHDRAWN})


class Outcome(str, enum.Enum):
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REJECTED = "rejected"
    ANSWERED = "answered"


proposal_topics = Table(
    "proposal_topics",
    db.Model.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_proposal_topics_topic_proposal", "topic_id", "proposal_id"),
)


def _enum(e, name):
    """A portable enum column type: VARCHAR plus a named CHECK constraint."""
    return db.Enum(e, native_enum=False, length=24, values_callable=lambda x: [m.value for m in x],
                   create_constraint=True, name=name)


class Proposal(HiddenByModerator, db.Model):
    """A resident's proposal and where it stands."""

    __tablename__ = "proposals"
    # `hidden` sits in every list index: public lists filter on it, and with it the list's count
    # reads the index alone instead of every matching row (250 ms -> 10 ms at 100,000 proposals).
    __table_args__ = (
        Index("ix_proposals_state_published_at", "state", "hidden", "published_at"),
        Index("ix_proposals_state_support_count", "state", "hidden", "support_count"),
        Index("ix_proposals_state_ends_at", "state", "hidden", "ends_at"),
        Index("ix_proposals_district_state_support", "district_id", "state", "hidden", "support_count"),
        # In list order across all public states: PostgreSQL seeks a page by key here instead of
        # reading every row and sorting (keyset pagination, portal/proposals/pagination.py).
        Index("ix_proposals_hidden_published_at", "hidden", "published_at", "id"),
        Index("ix_proposals_hidden_support_count", "hidden", "support_count", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    duration_months: Mapped[int] = mapped_column(default=3)
    # The language the text is written in (sv, en, ar): detected when saved, the author may correct it.
    lang: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[ProposalState] = mapped_column(_enum(ProposalState, "state"), default=S.DRAFT)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    support_count: Mapped[int] = mapped_column(default=0)
    # Supports by accounts proven by e-legitimation (counted apart; the threshold may count only these).
    verified_support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # An author under the city's minimum age: a guardian approves before publication.
    guardian_required: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    guardian_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    guardian_person_id: Mapped[int | None] = mapped_column(ForeignKey("eid_persons.id", ondelete="SET NULL"))
    support_threshold: Mapped[int | None] = mapped_column()
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "outcome"))
    submit_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    moderation_reason_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_reasons.id"))
    # Hidden after publication (reports or a moderator); the state does not change.
    hidden: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    district: Mapped[District | None] = relationship(lazy="joined")
    topics: Mapped[list[Topic]] = relationship(secondary=proposal_topics, lazy="selectin",
                                               order_by=Topic.position)
    moderation_reason: Mapped[ModerationReason | None] = relationship()
    events: Mapped[list["ProposalEvent"]] = relationship(
        back_populates="proposal", order_by="ProposalEvent.id", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.state.value}>"

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_collecting(self) -> bool:
        return self.state == S.PUBLISHED

    def transition(self, to: ProposalState, actor: User | None, note: str | None = None) -> None:
        """Move to another state, or refuse with IllegalTransition; the move is recorded."""
        if to not in TRANSITIONS[self.state]:
            raise IllegalTransition(
                _l("A proposal cannot go from “%(a)s” to “%(b)s”.", a=STATE_LABELS[self.state], b=STATE_LABELS[to]))
        self.events.append(ProposalEvent(from_state=self.state, to_state=to,
                                         actor_id=actor.id if actor else None, note=note))
        self.state = to

    # -- permissions --
    def can_view(self, user) -> bool:
        if self.is_public:
            return True
        return bool(user and user.is_authenticated and (user.id == self.author_id or user.can_moderate()))

    def shows_content_to(self, user) -> bool:
        """A hidden proposal's title and text are shown only to its author and moderators."""
        if not self.hidden:
            return True
        return bool(user and user.is_authenticated and (user.id == self.author_id or user.can_moderate()))

    def can_edit(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.author_id
                    and self.state in (S.DRAFT, S.REJECTED))

    def can_withdraw(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.author_id
                    and self.state == S.PUBLISHED)


class ProposalEvent(db.Model):
    """One entry of a proposal's timeline: a change of state, who made it and when."""

    __tablename__ = "proposal_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[ProposalState | None] = mapped_column(_enum(ProposalState, "from_state"))
    to_state: Mapped[ProposalState] = mapped_column(_enum(ProposalState, "to_state"))
    note: Mapped[str | None] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Support(db.Model):
    """One account's support for one proposal; with `person_id` it is verified by e-legitimation,
    and one person supports a proposal once whichever of their accounts they use."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"), UniqueConstraint("proposal_id", "person_id"),
                      Index("ix_supports_proposal_shown", "proposal_id", "shown", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("eid_persons.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[User] = relationship()
    # Chosen when supporting: the name (or the alias, when given) appears in the public list of
    # supporters; otherwise the support is only counted.
    shown: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    alias: Mapped[str | None] = mapped_column(String(60))

    @property
    def public_label(self) -> str:
        return self.alias or self.user.public_name

    @property
    def verified(self) -> bool:
        return self.person_id is not None
