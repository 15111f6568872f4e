"""The audit entry: who did what to which object, when, before and after. Never changed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..accounts.models import User
from ..db import UTCDateTime, utcnow
from ..extensions import db


class AuditImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntry(db.Model):
    """One official action. The application has no path that updates or deletes these rows."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_target", "target_type", "target_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(60))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    # The client address the actor acted from (request.remote_addr, the real one behind the trusted
    # proxies: TRUSTED_PROXIES). Personal data: cleared after retention_audit_address_days
    # (forget_addresses below, the one change an entry allows) and when the account is deleted.
    client_address: Mapped[str | None] = mapped_column(String(45))

    actor: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"


_FORGET_ADDRESSES = "audit_forget_addresses"


def forget_addresses(*where) -> int:
    """Clear the client address of the entries matching `where`; the only change an entry allows
    (retention and account deletion). Returns how many entries had one."""
    stmt = (update(AuditEntry).where(AuditEntry.client_address.is_not(None), *where)
            .values(client_address=None).execution_options(**{_FORGET_ADDRESSES: True}))
    return db.session.execute(stmt).rowcount


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state):
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is AuditEntry:
        if state.is_update and state.statement.get_execution_options().get(_FORGET_ADDRESSES):
            return
        raise AuditImmutable("audit entries are append-only")


@event.listens_for(Session, "before_flush")
def _refuse_changes(session, _context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditImmutable(f"{obj!r} is append-only")
