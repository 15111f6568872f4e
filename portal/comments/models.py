"""A comment on a proposal, its replies (one level) and its moderation state."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..moderation.models import HiddenByModerator, ModerationReason
from ..profile.models import Board
from ..proposals.models import Proposal, ProposalState, _enum


class CommentState(str, enum.Enum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"


# A proposal takes comments while it collects support or is handled; answered, closed, expired and
# withdrawn proposals keep their comments readable but take no new ones.
OPEN_STATES = frozenset({ProposalState.PUBLISHED, ProposalState.THRESHOLD_REACHED, ProposalState.IN_HANDLING})


class Comment(HiddenByModerator, db.Model):
    """A resident's (or a board's) comment on a proposal."""

    __tablename__ = "proposal_comments"
    __table_args__ = (Index("ix_proposal_comments_proposal_state", "proposal_id", "state", "hidden"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_comments.id", ondelete="CASCADE"),
                                                  index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Set when an officer answers on behalf of a board handling the proposal.
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[CommentState] = mapped_column(_enum(CommentState, "comment_state"), default=CommentState.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    # As for proposals and contributions: hidden_reason is None while hidden pending review,
    # else the moderator's public note ("" for none).
    hidden: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderation_reason_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_reasons.id"))

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    board: Mapped[Board | None] = relationship()
    moderation_reason: Mapped[ModerationReason | None] = relationship()

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.state.value}{' hidden' if self.hidden else ''}>"

    @property
    def is_public(self) -> bool:
        return self.state == CommentState.PUBLISHED

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def title(self) -> str:
        """How the report page and the moderators' list name a comment: its first words."""
        text = " ".join(self.body.split())
        return text if len(text) <= 60 else text[:59].rsplit(" ", 1)[0] + "…"
