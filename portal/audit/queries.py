"""Searching the audit log."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Select, func, or_, select

from ..accounts.models import User
from .models import AuditEntry


def search(action: str | None = None, actor: str | None = None, day_from: date | None = None,
           day_to: date | None = None) -> Select:
    """Ids of audit entries matching the filters, newest first (page them with proposals.queries.paginate)."""
    stmt = select(AuditEntry.id)
    if action:
        stmt = stmt.where(AuditEntry.action.contains(action.strip(), autoescape=True))
    if actor:
        needle = actor.strip().lower()
        stmt = stmt.where(AuditEntry.actor_id.in_(select(User.id).where(or_(
            func.lower(User.email).contains(needle, autoescape=True),
            func.lower(User.display_name).contains(needle, autoescape=True)))))
    if day_from:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(day_from, time.min, timezone.utc))
    if day_to:
        stmt = stmt.where(AuditEntry.at < datetime.combine(day_to + timedelta(days=1), time.min, timezone.utc))
    return stmt.order_by(AuditEntry.id.desc())
