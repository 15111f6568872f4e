"""Read side of administration: lists with a constant number of queries."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..audit.models import AuditEntry
from ..extensions import db
from ..profile.models import Board
from .models import RuleSetVersion


def boards_with_officers() -> list[tuple[Board, list[User]]]:
    from ..accounts.models import board_members
    boards = list(db.session.scalars(select(Board).order_by(Board.position)))
    rows = db.session.execute(select(board_members.c.board_id, User).join(User, User.id == board_members.c.user_id)
                              .order_by(User.display_name)).all()
    by_board: dict[int, list[User]] = {}
    for board_id, user in rows:
        by_board.setdefault(board_id, []).append(user)
    return [(b, by_board.get(b.id, [])) for b in boards]


def people(q: str | None, limit: int = 100) -> list[User]:
    stmt = select(User).options(selectinload(User.role_rows), selectinload(User.boards)).where(User.deleted_at.is_(None))
    if q:
        needle = q.strip().lower()
        stmt = stmt.where(or_(func.lower(User.email).contains(needle, autoescape=True),
                              func.lower(User.display_name).contains(needle, autoescape=True)))
    return list(db.session.scalars(stmt.order_by(User.display_name, User.id).limit(limit)))


def ruleset_versions() -> list[RuleSetVersion]:
    return list(db.session.scalars(select(RuleSetVersion).order_by(RuleSetVersion.id.desc()).limit(50)))


def board_names() -> dict[str, str]:
    """Board slug -> name in the reader's language (the audit log stores slugs)."""
    return {b.slug: b.name for b in db.session.scalars(select(Board))}


def audit_entries(id_stmt, limit: int = 50_000) -> list[AuditEntry]:
    """Matching audit entries, newest first, for the CSV export (one query)."""
    ids = id_stmt.limit(limit).subquery()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.id.in_(select(ids.c.id)))
                                   .order_by(AuditEntry.id.desc())).unique())


def audit_page(id_stmt, page: int, per_page: int = 50):
    from ..proposals.queries import Page
    total = db.session.scalar(select(func.count()).select_from(id_stmt.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    ids = list(db.session.scalars(id_stmt.limit(per_page).offset((page - 1) * per_page)))
    rows = {e.id: e for e in db.session.scalars(select(AuditEntry).where(AuditEntry.id.in_(ids or [-1]))).unique()}
    return Page(items=[rows[i] for i in ids if i in rows], page=page, per_page=per_page, total=total)
