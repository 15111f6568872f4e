"""Dialogues, their questions, contributions, meetings, sign-ups, followers and timeline."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l, pgettext
from flask_babel.speaklater import LazyString
from sqlalchemy import (CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text,
                        UniqueConstraint, false, true)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Role, User
from ..db import UTCDateTime, utcnow
from ..errors import IllegalTransition
from ..extensions import db
from ..moderation.models import HiddenByModerator, ModerationReason
from ..profile.models import Board, District, Topic
from ..proposals.models import Proposal, _enum


class DialogueState(str, enum.Enum):
    PLANNED = "planned"
    OPEN = "open"
    ANALYSING = "analysing"
    FEEDBACK_PUBLISHED = "feedback_published"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    DialogueState.PLANNED: _l("Planned"),
    DialogueState.OPEN: _l("Open for views"),
    DialogueState.ANALYSING: _l("Analysing the views"),
    DialogueState.FEEDBACK_PUBLISHED: _l("Feedback published"),
    # Swedish inflects by gender: a proposal is "avslutat", a dialogue "avslutad".
    DialogueState.CLOSED: LazyString(lambda: pgettext("dialogue", "Closed")),
}

D = DialogueState
TRANSITIONS: dict[DialogueState, set[DialogueState]] = {
    D.PLANNED: {D.OPEN},
    D.OPEN: {D.ANALYSING},
    D.ANALYSING: {D.FEEDBACK_PUBLISHED, D.OPEN},
    D.FEEDBACK_PUBLISHED: {D.CLOSED},
    D.CLOSED: set(),
}


class Level(str, enum.Enum):
    """The participation ladder (delaktighetstrappan)."""

    INFORMATION = "information"
    CONSULTATION = "consultation"
    DIALOGUE = "dialogue"
    INFLUENCE = "influence"
    CO_DECISION = "co_decision"

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])

    @property
    def explanation(self) -> str:
        return str(LEVEL_EXPLANATIONS[self])


LEVEL_LABELS = {
    Level.INFORMATION: _l("Information"),
    Level.CONSULTATION: _l("Consultation"),
    Level.DIALOGUE: _l("Dialogue"),
    Level.INFLUENCE: _l("Influence"),
    Level.CO_DECISION: _l("Co-decision"),
}
LEVEL_EXPLANATIONS = {
    Level.INFORMATION: _l("The city tells you about something that is already decided or about to "
                          "happen. You can ask questions, but the decision is made."),
    Level.CONSULTATION: _l("The city asks what you think about a proposal. Your views are collected "
                           "and weighed in before the board decides."),
    Level.DIALOGUE: _l("You and the city talk about the question together and try to understand "
                       "each other's views before the board decides."),
    Level.INFLUENCE: _l("You take part over a longer time, from the first ideas to the final "
                        "proposal, and can change what is decided."),
    Level.CO_DECISION: _l("You decide together with the city, for example about how a budget is "
                          "spent. The board follows what you decide together."),
}


class DialogueKind(str, enum.Enum):
    """What a dialogue is for: asking residents, the users of a service, or gathering knowledge."""

    CITIZEN = "citizen"
    USER = "user"
    KNOWLEDGE = "knowledge"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])

    @property
    def glossary_slug(self) -> str:
        return KIND_GLOSSARY[self]


KIND_LABELS = {
    DialogueKind.CITIZEN: _l("Citizen dialogue"),
    DialogueKind.USER: _l("User dialogue"),
    DialogueKind.KNOWLEDGE: _l("Knowledge dialogue"),
}
KIND_GLOSSARY = {DialogueKind.CITIZEN: "medborgardialog", DialogueKind.USER: "brukardialog",
                 DialogueKind.KNOWLEDGE: "kunskapsdialog"}

CHECKLIST_LABELS = {
    "purpose": _l("Purpose stated"),
    "level": _l("Level chosen"),
    "overlap": _l("Overlap checked"),
    "accessibility": _l("Meetings accessible"),
    "feedback_due": _l("Feedback date set"),
    "feedback": _l("Feedback published"),
}


class TargetGroup(str, enum.Enum):
    EVERYONE = "everyone"
    CHILDREN = "children"
    YOUNG_PEOPLE = "young_people"
    FAMILIES = "families"
    ELDERLY = "elderly"
    DISABILITIES = "disabilities"
    NEWLY_ARRIVED = "newly_arrived"
    BUSINESSES = "businesses"
    ASSOCIATIONS = "associations"

    @property
    def label(self) -> str:
        return str(TARGET_GROUP_LABELS[self])


TARGET_GROUP_LABELS = {
    TargetGroup.EVERYONE: _l("Everyone"),
    TargetGroup.CHILDREN: _l("Children"),
    TargetGroup.YOUNG_PEOPLE: _l("Young people"),
    TargetGroup.FAMILIES: _l("Families with children"),
    TargetGroup.ELDERLY: _l("Elderly people"),
    TargetGroup.DISABILITIES: _l("People with disabilities"),
    TargetGroup.NEWLY_ARRIVED: _l("Newly arrived"),
    TargetGroup.BUSINESSES: _l("Businesses"),
    TargetGroup.ASSOCIATIONS: _l("Associations"),
}


class ContributionState(str, enum.Enum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"


def _table(name, left, right):
    return Table(
        name, db.Model.metadata,
        Column("dialogue_id", ForeignKey("dialogues.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{left}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True),
    )


dialogue_boards = _table("dialogue_boards", "board", "boards")
dialogue_districts = _table("dialogue_districts", "district", "districts")
dialogue_topics = _table("dialogue_topics", "topic", "topics")
dialogue_proposals = _table("dialogue_proposals", "proposal", "proposals")
Index("ix_dialogue_districts_district", dialogue_districts.c.district_id)
Index("ix_dialogue_proposals_proposal", dialogue_proposals.c.proposal_id)


class DialogueTargetGroup(db.Model):
    """One target group of one dialogue."""

    __tablename__ = "dialogue_target_groups"
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), primary_key=True)
    group: Mapped[TargetGroup] = mapped_column("target_group", _enum(TargetGroup, "target_group"),
                                               primary_key=True)

    def __repr__(self) -> str:
        return f"<DialogueTargetGroup {self.dialogue_id} {self.group.value}>"


class Dialogue(db.Model):
    """A citizen dialogue: the city asking residents."""

    __tablename__ = "dialogues"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period_in_order"),
        Index("ix_dialogues_state_starts_on", "state", "starts_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text)
    description_html: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_email: Mapped[str] = mapped_column(String(254))
    level: Mapped[Level] = mapped_column(_enum(Level, "level"))
    kind: Mapped[DialogueKind] = mapped_column(_enum(DialogueKind, "kind"), default=DialogueKind.CITIZEN,
                                               server_default=DialogueKind.CITIZEN.value)
    # The date by which residents are promised feedback (återkoppling).
    feedback_due: Mapped[date | None] = mapped_column(Date)
    # Checklist items only the organiser can tick; the others are computed from the data.
    purpose_stated: Mapped[bool] = mapped_column(default=False, server_default=false())
    overlap_checked: Mapped[bool] = mapped_column(default=False, server_default=false())
    state: Mapped[DialogueState] = mapped_column(_enum(DialogueState, "state"), default=D.PLANNED)
    # Contributions wait for a moderator before they are published (else they publish at once
    # and can still be reported).
    premoderated: Mapped[bool] = mapped_column(default=True, server_default=true())
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Feedback (återkoppling): required before the dialogue can close.
    feedback_heard: Mapped[str | None] = mapped_column(Text)
    feedback_decided: Mapped[str | None] = mapped_column(Text)
    feedback_why: Mapped[str | None] = mapped_column(Text)
    feedback_board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id"))
    feedback_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    boards: Mapped[list[Board]] = relationship(secondary=dialogue_boards, order_by=Board.position)
    districts: Mapped[list[District]] = relationship(secondary=dialogue_districts,
                                                     order_by=District.position)
    topics: Mapped[list[Topic]] = relationship(secondary=dialogue_topics, order_by=Topic.position)
    proposals: Mapped[list[Proposal]] = relationship(secondary=dialogue_proposals,
                                                     order_by=Proposal.id)
    target_group_rows: Mapped[list[DialogueTargetGroup]] = relationship(cascade="all, delete-orphan")
    feedback_board: Mapped[Board | None] = relationship()
    questions: Mapped[list["Question"]] = relationship(back_populates="dialogue", order_by="Question.position",
                                                       cascade="all, delete-orphan")
    meetings: Mapped[list["Meeting"]] = relationship(back_populates="dialogue", order_by="Meeting.starts_at",
                                                     cascade="all, delete-orphan")
    events: Mapped[list["DialogueEvent"]] = relationship(order_by="DialogueEvent.id",
                                                         cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Dialogue {self.id} {self.state.value}>"

    @property
    def target_groups(self) -> list[TargetGroup]:
        order = list(TargetGroup)
        return sorted((r.group for r in self.target_group_rows), key=order.index)

    @target_groups.setter
    def target_groups(self, groups) -> None:
        wanted = {TargetGroup(g) for g in groups}
        self.target_group_rows = [r for r in self.target_group_rows if r.group in wanted] + [
            DialogueTargetGroup(group=g) for g in wanted - {r.group for r in self.target_group_rows}]

    @property
    def checklist(self) -> list[tuple[str, str, bool]]:
        """The organisers' checklist: (key, label, done) for the six steps of a well-run dialogue."""
        done = {
            "purpose": self.purpose_stated and bool((self.description or "").strip()),
            "level": self.level is not None,
            "overlap": self.overlap_checked,
            "accessibility": bool(self.meetings) and all((m.accessibility or "").strip() for m in self.meetings),
            "feedback_due": self.feedback_due is not None,
            "feedback": self.feedback_public,
        }
        return [(k, str(label), done[k]) for k, label in CHECKLIST_LABELS.items()]

    @property
    def checklist_done(self) -> int:
        return sum(1 for _k, _label, ok in self.checklist if ok)

    @property
    def takes_contributions(self) -> bool:
        return self.state == D.OPEN

    @property
    def feedback_complete(self) -> bool:
        return bool((self.feedback_heard or "").strip() and (self.feedback_decided or "").strip()
                    and (self.feedback_why or "").strip() and self.feedback_board_id)

    @property
    def feedback_public(self) -> bool:
        return self.state in (D.FEEDBACK_PUBLISHED, D.CLOSED)

    def transition(self, to: DialogueState, actor: User | None) -> None:
        """Move to another state, or refuse with IllegalTransition; the move is recorded."""
        if to not in TRANSITIONS[self.state]:
            raise IllegalTransition(_l("A dialogue cannot go from “%(a)s” to “%(b)s”.",
                                       a=STATE_LABELS[self.state], b=STATE_LABELS[to]))
        self.events.append(DialogueEvent(from_state=self.state, to_state=to,
                                         actor_id=actor.id if actor else None))
        self.state = to

    # -- permissions --
    def can_manage(self, user) -> bool:
        """Coordinators run every dialogue; officers the dialogues of their boards."""
        if not (user and user.is_authenticated):
            return False
        if user.has_role(Role.COORDINATOR):
            return True
        return user.has_role(Role.OFFICER) and bool({b.id for b in user.boards} & {b.id for b in self.boards})


def can_create_dialogue(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.OFFICER, Role.COORDINATOR))


def can_coordinate(user) -> bool:
    """The city-wide view is for the people who plan dialogues: officers and coordinators."""
    return can_create_dialogue(user)


def can_moderate_contributions(user) -> bool:
    return bool(user and user.is_authenticated and user.can_moderate())


class DialogueEvent(db.Model):
    """One change of a dialogue's status: who and when."""

    __tablename__ = "dialogue_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_state: Mapped[DialogueState | None] = mapped_column(_enum(DialogueState, "from_state"))
    to_state: Mapped[DialogueState] = mapped_column(_enum(DialogueState, "to_state"))

    def __repr__(self) -> str:
        return f"<DialogueEvent {self.dialogue_id} {self.to_state.value}>"


class Question(db.Model):
    """A question the dialogue asks residents."""

    __tablename__ = "dialogue_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    dialogue: Mapped[Dialogue] = relationship(back_populates="questions")

    def __repr__(self) -> str:
        return f"<Question {self.id} of {self.dialogue_id}>"


class Contribution(HiddenByModerator, db.Model):
    """A resident's answer or comment; moderated; replies are one level deep."""

    __tablename__ = "dialogue_contributions"
    __table_args__ = (Index("ix_dialogue_contributions_dialogue_state", "dialogue_id", "state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_questions.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_contributions.id", ondelete="CASCADE"),
                                                  index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # The language it is written in (sv, en, ar), detected when saved (WCAG 3.1.2).
    lang: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[ContributionState] = mapped_column(_enum(ContributionState, "state"),
                                                    default=ContributionState.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    # Hidden after publication (reports or a moderator), as for proposals: hidden_reason is None
    # while hidden pending review, else the moderator's public note ("" for none).
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderation_reason_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_reasons.id"))

    dialogue: Mapped[Dialogue] = relationship()
    question: Mapped[Question | None] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    replies: Mapped[list["Contribution"]] = relationship(order_by="Contribution.id")
    moderation_reason: Mapped[ModerationReason | None] = relationship()

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.state.value}{' hidden' if self.hidden else ''}>"

    @property
    def is_public(self) -> bool:
        return self.state == ContributionState.PUBLISHED

    @property
    def title(self) -> str:
        """How the report page and the moderators' list name a contribution: its first words."""
        text = " ".join(self.body.split())
        return text if len(text) <= 60 else text[:59].rsplit(" ", 1)[0] + "…"


class Meeting(db.Model):
    """A meeting of a dialogue that residents sign up for."""

    __tablename__ = "dialogue_meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="times_in_order"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    place: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accessibility: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    dialogue: Mapped[Dialogue] = relationship(back_populates="meetings")
    signups: Mapped[list["Signup"]] = relationship(back_populates="meeting", order_by="Signup.id",
                                                   cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Meeting {self.id} of {self.dialogue_id}>"

    @property
    def confirmed(self) -> list["Signup"]:
        return [s for s in self.signups if not s.waiting]

    @property
    def waiting(self) -> list["Signup"]:
        return [s for s in self.signups if s.waiting]

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - len(self.confirmed))


class Signup(db.Model):
    """One resident's place at a meeting, or on its waiting list."""

    __tablename__ = "dialogue_signups"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_dialogue_signups_meeting_user"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("dialogue_meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    waiting: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="signups")
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Signup {self.user_id} at {self.meeting_id}{' waiting' if self.waiting else ''}>"


class Follower(db.Model):
    """A resident who follows a dialogue and is told about new phases, meetings and feedback."""

    __tablename__ = "dialogue_followers"
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Follower {self.user_id} of {self.dialogue_id}>"


from .search import register as _register_search  # noqa: E402  (needs the models above)

_register_search()
