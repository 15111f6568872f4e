"""Glossary terms and versioned guide sections, each text in Swedish, English and Arabic."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import UTCDateTime, utcnow
from ..extensions import db

LANGS = ("sv", "en", "ar")


def _pick(obj, name: str, locale: str) -> str:
    """The text in the reader's language; Swedish when a translation is missing."""
    return getattr(obj, f"{name}_{locale}", None) or getattr(obj, f"{name}_sv")


class GlossaryTerm(db.Model):
    """One word of the shared vocabulary (medborgardialog, remiss, a status, a level ...)."""

    __tablename__ = "glossary_terms"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    category: Mapped[str] = mapped_column(String(40), default="concept")
    position: Mapped[int] = mapped_column(default=0)
    term_sv: Mapped[str] = mapped_column(String(160))
    term_en: Mapped[str] = mapped_column(String(160))
    term_ar: Mapped[str] = mapped_column(String(160))
    definition_sv: Mapped[str] = mapped_column(Text)
    definition_en: Mapped[str] = mapped_column(Text)
    definition_ar: Mapped[str] = mapped_column(Text)
    example_sv: Mapped[str] = mapped_column(Text, default="")
    example_en: Mapped[str] = mapped_column(Text, default="")
    example_ar: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<GlossaryTerm {self.slug}>"

    def term(self, locale: str) -> str:
        return _pick(self, "term", locale)

    def definition(self, locale: str) -> str:
        return _pick(self, "definition", locale)

    def example(self, locale: str) -> str:
        return _pick(self, "example", locale)


class GuideSection(db.Model):
    """A section of the officers' guide; its text lives in versions, the newest is shown."""

    __tablename__ = "guide_sections"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    versions: Mapped[list["GuideSectionVersion"]] = relationship(
        back_populates="section", order_by="GuideSectionVersion.number.desc()", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<GuideSection {self.slug}>"

    @property
    def current(self) -> "GuideSectionVersion":
        return self.versions[0]


class GuideSectionVersion(db.Model):
    """One saved text of a guide section: who wrote it and when."""

    __tablename__ = "guide_section_versions"
    __table_args__ = (UniqueConstraint("section_id", "number", name="uq_guide_section_versions_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("guide_sections.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    title_sv: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    title_ar: Mapped[str] = mapped_column(String(200))
    body_sv: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    body_ar: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    section: Mapped[GuideSection] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<GuideSectionVersion {self.section_id} v{self.number}>"

    def title(self, locale: str) -> str:
        return _pick(self, "title", locale)

    def body(self, locale: str) -> str:
        return _pick(self, "body", locale)
