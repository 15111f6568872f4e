"""Moderation reasons (edited by the administrator) and reports on published content."""
from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, utcnow
from ..extensions import db

# Malmöinitiativet's rules; the migration and the demo seed insert these, the administrator edits them.
DEFAULT_REASONS = [
    ("personal-data", {"sv": "Innehåller namn eller andra personuppgifter om tredje person",
                       "en": "Contains names or other personal data about third parties",
                       "ar": "يحتوي على أسماء أو بيانات شخصية أخرى عن أطراف ثالثة"}),
    ("secret", {"sv": "Innehåller sekretessbelagd eller känslig information",
                "en": "Contains secret or sensitive information",
                "ar": "يحتوي على معلومات سرية أو حساسة"}),
    ("company", {"sv": "Gäller ett kommunalt bolag, inte en nämnd",
                 "en": "Concerns a municipal company, not a board",
                 "ar": "يتعلق بشركة بلدية وليس بلجنة"}),
    ("duplicate", {"sv": "Liknar ett förslag från de senaste 24 månaderna",
                   "en": "Near-duplicate of a proposal from the last 24 months",
                   "ar": "مشابه لاقتراح من الأشهر الأربعة والعشرين الماضية"}),
    ("offensive", {"sv": "Kränkande eller olagligt innehåll",
                   "en": "Offensive or unlawful content",
                   "ar": "محتوى مسيء أو غير قانوني"}),
    ("not-municipal", {"sv": "Inte en kommunal fråga",
                       "en": "Not a municipal matter",
                       "ar": "ليست مسألة بلدية"}),
]


class HiddenByModerator:
    """For content a moderator can hide with a public reason (`hidden`, `hidden_reason`, `moderation_reason`)."""

    @property
    def hidden_by_moderator(self) -> bool:
        return self.hidden and self.hidden_reason is not None

    @property
    def hidden_reason_text(self) -> str:
        """The public reason for hiding, in the reader's language: the listed reason and the note."""
        if not self.hidden_by_moderator:
            return ""
        parts = [self.moderation_reason.name if self.moderation_reason else "", self.hidden_reason or ""]
        return ". ".join(p for p in parts if p)


class ModerationReason(db.Model):
    """A reason a moderator can give for rejecting or hiding content, named in sv, en and ar."""

    __tablename__ = "moderation_reasons"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    names: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def name_in(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("sv") or self.slug

    @property
    def name(self) -> str:
        return self.name_in(str(get_locale() or "sv"))

    def __repr__(self) -> str:
        return f"<ModerationReason {self.slug}>"


class Report(db.Model):
    """Someone's report that a piece of published content breaks the rules (any content type)."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("content_type", "content_id", "reporter_id"),
        Index("ix_reports_open", "content_type", "content_id", "resolved_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(30))
    content_id: Mapped[int] = mapped_column()
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_reasons.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Report {self.id} {self.content_type}:{self.content_id}>"


def ensure_default_reasons() -> int:
    """Insert the default reasons that are missing (demo seed and fresh installs); returns how many."""
    have = set(db.session.scalars(db.select(ModerationReason.slug)))
    added = 0
    for pos, (slug, names) in enumerate(DEFAULT_REASONS):
        if slug not in have:
            db.session.add(ModerationReason(slug=slug, names=names, position=pos))
            added += 1
    db.session.flush()
    return added
