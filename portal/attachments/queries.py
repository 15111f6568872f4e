"""Read side of attachments: a proposal's attachments, and the list thumbnails for many proposals."""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from .models import Attachment, AttachmentKind as K


def of(proposal_id: int) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.proposal_id == proposal_id)
                                   .order_by(Attachment.kind, Attachment.id)))


def first_pictures(proposal_ids: list[int]) -> dict[int, Attachment]:
    """The first picture of each proposal (one query), for the thumbnails of a list."""
    if not proposal_ids:
        return {}
    first = (select(func.min(Attachment.id)).where(Attachment.proposal_id.in_(proposal_ids), Attachment.kind == K.FILE,
                                                   Attachment.content_type.like("image/%"))
             .group_by(Attachment.proposal_id))
    return {a.proposal_id: a for a in db.session.scalars(select(Attachment).where(Attachment.id.in_(first)))}
