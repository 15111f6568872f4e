"""The verbs of guidance: seed the glossary and guide, edit terms, save a new guide version."""
from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import func, select

from ..accounts.models import User
from ..audit import record
from ..errors import PermissionDenied
from ..extensions import db
from . import content
from .models import LANGS, GlossaryTerm, GuideSection, GuideSectionVersion
from .terms import PREFIXES, slug_for

TERM_FIELDS = tuple(f"{name}_{lang}" for name in ("term", "definition", "example") for lang in LANGS)
SECTION_FIELDS = tuple(f"{name}_{lang}" for name in ("title", "body") for lang in LANGS)
STATUS_CONTENT = {"proposal": content.PROPOSAL_STATES, "dialogue": content.DIALOGUE_STATES,
                  "case": content.CASE_STATES, "assignment": content.ASSIGNMENT_STATES}


def _label(member, lang: str) -> str:
    with force_locale(lang):
        return str(member.label)


def shipped_terms() -> list[dict]:
    """The shipped glossary as rows: concepts, then the levels, then every status."""
    rows = []
    for slug, langs in content.CONCEPTS.items():
        row = {"slug": slug, "category": "concept"}
        for lang, (term, definition, example) in langs.items():
            row.update({f"term_{lang}": term, f"definition_{lang}": definition, f"example_{lang}": example})
        rows.append(row)
    for enum, prefix in PREFIXES.items():
        texts = content.LEVELS if prefix == "level" else STATUS_CONTENT[prefix]
        for member in enum:
            row = {"slug": slug_for(member), "category": prefix}
            for lang in LANGS:
                definition, example = texts[member.value][lang]
                row.update({f"term_{lang}": _label(member, lang), f"definition_{lang}": definition,
                            f"example_{lang}": example})
            rows.append(row)
    for position, row in enumerate(rows):
        row["position"] = position
    return rows


def seed_guidance() -> dict:
    """Add the shipped terms and guide sections that are missing; never overwrite an administrator's edit."""
    have = set(db.session.scalars(select(GlossaryTerm.slug)))
    added_terms = 0
    for row in shipped_terms():
        if row["slug"] not in have:
            db.session.add(GlossaryTerm(**row))
            added_terms += 1
    sections = set(db.session.scalars(select(GuideSection.slug)))
    added_sections = 0
    for position, (slug, langs) in enumerate(content.GUIDE):
        if slug in sections:
            continue
        version = GuideSectionVersion(number=1, **{f"{k}_{lang}": v for lang, (title, body) in langs.items()
                                                    for k, v in (("title", title), ("body", body))})
        db.session.add(GuideSection(slug=slug, position=position, versions=[version]))
        added_sections += 1
    db.session.flush()
    return {"terms": added_terms, "guide_sections": added_sections}


def save_term(actor: User, term: GlossaryTerm, data: dict) -> None:
    """Change a term's texts; the change is audited."""
    if not actor.can_administer():
        raise PermissionDenied()
    before = {f: getattr(term, f) for f in TERM_FIELDS}
    for f in TERM_FIELDS:
        setattr(term, f, (data.get(f) or "").strip())
    record(actor, "glossary.save", "glossary_term", term.id, before, {f: getattr(term, f) for f in TERM_FIELDS})
    db.session.flush()


def save_section(actor: User, section: GuideSection, data: dict) -> GuideSectionVersion:
    """Save a guide section's texts as a new version; the old versions stay as history."""
    if not actor.can_administer():
        raise PermissionDenied()
    number = (db.session.scalar(select(func.max(GuideSectionVersion.number))
                                .where(GuideSectionVersion.section_id == section.id)) or 0) + 1
    version = GuideSectionVersion(section=section, number=number, created_by_id=actor.id,
                                  **{f: (data.get(f) or "").strip() for f in SECTION_FIELDS})
    db.session.add(version)
    record(actor, "guide.save", "guide_section", section.id, None, {"version": number})
    db.session.flush()
    return version
