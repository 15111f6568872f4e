"""The search worker: outbox entries of kind "search" become index writes, after commit, with retries."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from ..db import utcnow
from ..extensions import db
from ..outbox.models import OutboxEntry
from .backends import get_backend
from .documents import all_batches, load_documents

MAX_BACKOFF = timedelta(minutes=10)
KIND = "search"


def _pending(now: datetime | None = None):
    cond = [OutboxEntry.kind == KIND, OutboxEntry.delivered_at.is_(None)]
    if now is not None:
        cond.append(OutboxEntry.next_attempt_at <= now)
    return cond


def run_once(batch: int = 1000, backend=None) -> dict[str, int]:
    """Deliver up to `batch` due entries: merge repeats, load current state, write, wait, mark done.

    Entries are marked delivered only after the backend confirmed the write; on any failure
    they stay pending with a growing delay, so no update is ever lost."""
    backend = backend or get_backend()
    entries = db.session.execute(select(OutboxEntry.id, OutboxEntry.payload)
                                 .where(*_pending(utcnow())).order_by(OutboxEntry.id).limit(batch)).all()
    if not entries:
        db.session.commit()
        return {"entries": 0, "documents": 0, "deleted": 0, "failed": 0}
    ids = [i for i, _ in entries]
    refs = list(dict.fromkeys((p["kind"], int(p["id"])) for _, p in entries))
    try:
        docs, gone = load_documents(refs)
        backend.upsert(docs)
        backend.delete(gone)
    except Exception as exc:  # the server is down or refused: keep every entry and retry later
        db.session.rollback()
        _retry_later(ids, f"{type(exc).__name__}: {exc}")
        db.session.commit()
        return {"entries": len(ids), "documents": 0, "deleted": 0, "failed": len(ids)}
    db.session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids))
                       .values(delivered_at=utcnow(), attempts=OutboxEntry.attempts + 1, last_error=None))
    db.session.commit()
    return {"entries": len(ids), "documents": len(docs), "deleted": len(gone), "failed": 0}


def _retry_later(ids: list[int], error: str) -> None:
    now = utcnow()
    for entry in db.session.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(ids))):
        entry.attempts += 1
        entry.last_error = error[:2000]
        entry.next_attempt_at = now + min(MAX_BACKOFF, timedelta(seconds=2 ** min(entry.attempts, 10)))


def run_until_empty(batch: int = 1000, backend=None) -> dict[str, int]:
    """Run batches until nothing due is left (or a batch fails)."""
    total = {"entries": 0, "documents": 0, "deleted": 0, "failed": 0}
    while True:
        result = run_once(batch, backend)
        for k in total:
            total[k] += result[k]
        if result["entries"] == 0 or result["failed"]:
            return total


def reindex(backend=None) -> dict[str, int]:
    """Rebuild the whole index and swap it in; changes made meanwhile are replayed afterwards."""
    backend = backend or get_backend()
    # Entries up to here are covered by the rebuild (it reads state committed after them).
    last = db.session.scalar(select(func.max(OutboxEntry.id)).where(*_pending())) or 0
    db.session.commit()
    n = backend.rebuild(all_batches())
    db.session.execute(update(OutboxEntry).where(*_pending(), OutboxEntry.id <= last)
                       .values(delivered_at=utcnow(), attempts=OutboxEntry.attempts + 1, last_error=None))
    db.session.commit()
    replayed = run_until_empty(backend=backend)
    return {"documents": n, "replayed": replayed["entries"]}


def status() -> dict:
    """Backlog (pending search entries), the oldest unsynced change and its age in seconds."""
    count = db.session.scalar(select(func.count(OutboxEntry.id)).where(*_pending()))
    oldest = db.session.scalar(select(OutboxEntry.created_at).where(*_pending())
                               .order_by(OutboxEntry.created_at).limit(1))
    lag = (utcnow() - oldest).total_seconds() if oldest else 0.0
    return {"backlog": count, "oldest_unsynced": oldest.isoformat() if oldest else None,
            "lag_seconds": round(lag, 1)}
