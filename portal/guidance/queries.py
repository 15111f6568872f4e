"""Read-side queries for the glossary and the guide."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import GlossaryTerm, GuideSection, GuideSectionVersion


def all_terms() -> list[GlossaryTerm]:
    return list(db.session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.position, GlossaryTerm.id)))


def term(slug: str) -> GlossaryTerm | None:
    return db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.slug == slug))


def guide_sections() -> list[GuideSection]:
    """Every section with its versions (newest first) in two queries, whatever the count."""
    return list(db.session.scalars(select(GuideSection).options(
        selectinload(GuideSection.versions).selectinload(GuideSectionVersion.created_by))
        .order_by(GuideSection.position, GuideSection.id)))


def guide_section(slug: str) -> GuideSection | None:
    return db.session.scalar(select(GuideSection).options(selectinload(GuideSection.versions))
                             .where(GuideSection.slug == slug))
