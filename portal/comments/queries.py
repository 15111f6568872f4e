"""Read side of comments: a proposal's thread, counts and newest for lists, the moderators' queues."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..extensions import db
from ..moderation.models import Report
from ..proposals.models import PUBLIC_STATES, Proposal
from .models import Comment, CommentState as C

_LOADS = (joinedload(Comment.author).selectinload(User.role_rows), joinedload(Comment.board))


@dataclass
class Entry:
    comment: Comment
    replies: list["Entry"] = field(default_factory=list)


def _visible(viewer):
    """Published comments, and the viewer's own comments still waiting or rejected."""
    cond = Comment.state == C.PUBLISHED
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        cond = or_(cond, Comment.author_id == viewer.id)
    return cond


def thread(proposal: Proposal, viewer=None) -> list[Entry]:
    """The proposal's comments, oldest first, replies under their comment (two queries in all)."""
    rows = db.session.scalars(select(Comment).where(Comment.proposal_id == proposal.id, _visible(viewer))
                              .options(*_LOADS).order_by(Comment.id)).unique().all()
    top: dict[int, Entry] = {}
    out: list[Entry] = []
    for c in rows:
        c.proposal = proposal  # already loaded: no query per comment
        if c.parent_id is None:
            top[c.id] = Entry(c)
            out.append(top[c.id])
        elif c.parent_id in top:
            top[c.parent_id].replies.append(Entry(c))
    return out


def _shown():
    return (Comment.state == C.PUBLISHED, Comment.hidden.is_(False), Comment.deleted_at.is_(None))


def counts(proposal_ids: list[int]) -> dict[int, int]:
    """Public comments per proposal (one query)."""
    if not proposal_ids:
        return {}
    return dict(db.session.execute(select(Comment.proposal_id, func.count(Comment.id))
                                   .where(Comment.proposal_id.in_(proposal_ids), *_shown())
                                   .group_by(Comment.proposal_id)).all())


def newest(proposal_ids: list[int], per_proposal: int = 3) -> dict[int, list[Comment]]:
    """The newest public comments of each proposal (one query, a window per proposal)."""
    if not proposal_ids:
        return {}
    rank = func.row_number().over(partition_by=Comment.proposal_id,
                                  order_by=(Comment.created_at.desc(), Comment.id.desc())).label("rank")
    inner = select(Comment.id, rank).where(Comment.proposal_id.in_(proposal_ids), *_shown()).subquery()
    stmt = (select(Comment).join(inner, inner.c.id == Comment.id).where(inner.c.rank <= per_proposal)
            .options(joinedload(Comment.author), joinedload(Comment.board))
            .order_by(Comment.proposal_id, Comment.created_at.desc(), Comment.id.desc()))
    out: dict[int, list[Comment]] = {}
    for c in db.session.scalars(stmt).unique():
        out.setdefault(c.proposal_id, []).append(c)
    return out


def public_rows() -> list[Comment]:
    """Every public comment of a public proposal, for the open-data export (one query)."""
    stmt = (select(Comment).join(Proposal, Proposal.id == Comment.proposal_id)
            .where(Proposal.state.in_(PUBLIC_STATES), Proposal.hidden.is_(False), *_shown())
            .options(joinedload(Comment.author), joinedload(Comment.board)).order_by(Comment.id))
    return list(db.session.scalars(stmt).unique())


def moderation_queue() -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(Comment.state == C.PENDING)
                                   .options(joinedload(Comment.author), joinedload(Comment.proposal))
                                   .order_by(Comment.id)).unique())


def reported() -> list[tuple[Comment, int]]:
    """Published comments that are hidden or have open reports, with the open-report count (two queries)."""
    report_counts = dict(db.session.execute(
        select(Report.content_id, func.count(Report.id)).where(
            Report.content_type == "comment", Report.resolved_at.is_(None)).group_by(Report.content_id)).all())
    stmt = (select(Comment).where(Comment.state == C.PUBLISHED, Comment.deleted_at.is_(None),
                                  or_(Comment.hidden.is_(True), Comment.id.in_(list(report_counts) or [-1])))
            .options(joinedload(Comment.author), joinedload(Comment.proposal), joinedload(Comment.moderation_reason))
            .order_by(Comment.id.desc()).limit(200))
    return [(c, report_counts.get(c.id, 0)) for c in db.session.scalars(stmt).unique()]
