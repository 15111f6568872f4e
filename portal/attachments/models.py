"""A proposal's attachment: a stored file (document or picture) or a link."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..proposals.models import Proposal, _enum


class AttachmentKind(str, enum.Enum):
    FILE = "file"
    LINK = "link"


class Attachment(db.Model):
    """One document, picture or link of a proposal. Files are stored under a random key."""

    __tablename__ = "proposal_attachments"
    __table_args__ = (Index("ix_proposal_attachments_proposal_kind", "proposal_id", "kind", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    kind: Mapped[AttachmentKind] = mapped_column(_enum(AttachmentKind, "attachment_kind"))
    # The file's key in the store (see storage.py); its thumbnail is `key + ".thumb"`.
    key: Mapped[str | None] = mapped_column(String(40), unique=True)
    content_type: Mapped[str | None] = mapped_column(String(40))
    size: Mapped[int | None] = mapped_column()
    # What the page shows: the file name as sent (display only, never a path) or the link's title.
    name: Mapped[str] = mapped_column(String(200))
    alt_text: Mapped[str | None] = mapped_column(Text)
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    thumb_width: Mapped[int | None] = mapped_column()
    thumb_height: Mapped[int | None] = mapped_column()
    url: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship()

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.kind.value} {self.content_type or self.url}>"

    @property
    def is_picture(self) -> bool:
        return self.kind == AttachmentKind.FILE and (self.content_type or "").startswith("image/")

    @property
    def is_document(self) -> bool:
        return self.kind == AttachmentKind.FILE and not self.is_picture

    @property
    def thumb_key(self) -> str | None:
        return f"{self.key}.thumb" if self.is_picture and self.key else None

    @property
    def keys(self) -> list[str]:
        return [k for k in (self.key, self.thumb_key) if k]
