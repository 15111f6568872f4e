"""Read side of moderation: queues, reported content, likely duplicates, reasons."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select

from ..db import utcnow
from ..extensions import db
from ..proposals.models import Proposal
from ..proposals.queries import similar
from .models import ModerationReason, Report


def reasons(active_only: bool = True) -> list[ModerationReason]:
    stmt = select(ModerationReason).order_by(ModerationReason.position, ModerationReason.id)
    if active_only:
        stmt = stmt.where(ModerationReason.active.is_(True))
    return list(db.session.scalars(stmt))


def likely_duplicates(proposal: Proposal) -> list[Proposal]:
    """Public proposals from the last 24 months with similar titles."""
    return similar(proposal.title, exclude_id=proposal.id, since=utcnow() - timedelta(days=730))


def reported_proposals() -> list[tuple[Proposal, int]]:
    """Public proposals that are hidden or have open reports, with the open-report count (two queries)."""
    counts = dict(db.session.execute(
        select(Report.content_id, func.count(Report.id)).where(
            Report.content_type == "proposal", Report.resolved_at.is_(None)).group_by(Report.content_id)).all())
    stmt = select(Proposal).where(or_(Proposal.hidden.is_(True), Proposal.id.in_(list(counts) or [-1])))
    rows = list(db.session.scalars(stmt.order_by(Proposal.id.desc()).limit(200)).unique())
    return [(p, counts.get(p.id, 0)) for p in rows]
