"""The embedded search index (database backend) and the hook that queues index updates."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db


class SearchDocument(db.Model):
    """One indexed document; `document` holds what a hit returns, the rest serves sorting."""

    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_tsv", "tsv", postgresql_using="gin"),
        Index("ix_search_documents_published_ts", "published_ts"),
        Index("ix_search_documents_support_count", "support_count"),
        Index("ix_search_documents_deadline_ts", "deadline_ts"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    published_ts: Mapped[int] = mapped_column(default=0)
    support_count: Mapped[int] = mapped_column(default=0)
    deadline_ts: Mapped[int | None] = mapped_column()
    document: Mapped[dict] = mapped_column(JSON)
    # PostgreSQL full text (the 'swedish' configuration); SQLite uses the FTS5 table instead.
    tsv: Mapped[str | None] = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))

    def __repr__(self) -> str:
        return f"<SearchDocument {self.key}>"


class SearchFacet(db.Model):
    """One facet value of one document (kind, status, board, district, topic, year)."""

    __tablename__ = "search_facets"
    __table_args__ = (Index("ix_search_facets_facet_value", "facet", "value", "document_id"),)
    document_id: Mapped[int] = mapped_column(Integer, ForeignKey("search_documents.id", ondelete="CASCADE"),
                                             primary_key=True)
    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(80), primary_key=True)

    def __repr__(self) -> str:
        return f"<SearchFacet {self.document_id} {self.facet}={self.value}>"


class SearchState(db.Model):
    """One row: a token that changes with every index write, so caches know when to reload."""

    __tablename__ = "search_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[str] = mapped_column(String(32))

    def __repr__(self) -> str:
        return f"<SearchState {self.generation}>"


class SearchChange(db.Model):
    """A document id touched by an index write, in write order: each process's facet snapshot
    applies the changes it has not seen instead of reloading the whole index."""

    __tablename__ = "search_changes"
    __table_args__ = {"sqlite_autoincrement": True}  # ids only grow, even after pruning
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<SearchChange {self.id}: {self.document_id}>"


# Mapped classes whose changes affect a search document: class -> (document kind, object -> document id).
TRACKED: dict[type, tuple[str, Callable]] = {}
_PENDING = "search_enqueued"


def track_model(cls: type, kind: str, ref: Callable | None = None) -> None:
    """Queue a search update whenever an object of `cls` is inserted, changed or deleted;
    `ref(obj)` names the document's id when `cls` is a related row (default: the object's id)."""
    TRACKED[cls] = (kind, ref or (lambda obj: getattr(obj, "id", None)))


def enqueue_search(session: Session, kind: str, ref_id: int) -> None:
    """Write one search outbox entry in the session's transaction (once per transaction)."""
    from ..outbox.models import OutboxEntry

    seen = session.info.setdefault(_PENDING, set())
    if (kind, ref_id) in seen:
        return
    seen.add((kind, ref_id))
    session.add(OutboxEntry(kind="search", payload={"kind": kind, "id": ref_id}))


_CHANGED = "search_changed"


@event.listens_for(Session, "after_flush")
def _collect_changed(session: Session, _ctx) -> None:
    if not TRACKED:
        return
    changed = session.info.setdefault(_CHANGED, [])
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        tracked = TRACKED.get(type(obj))
        if tracked is None:
            continue
        kind, ref = tracked
        ref_id = ref(obj)
        if ref_id is None:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=True):
            continue
        changed.append((kind, ref_id))


@event.listens_for(Session, "after_flush_postexec")
def _queue_changed(session: Session, _ctx) -> None:
    # Added after the flush has finished: the entries go out with the next flush or the commit.
    for kind, ref_id in session.info.pop(_CHANGED, []):
        enqueue_search(session, kind, ref_id)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_enqueued(session: Session, *_args) -> None:
    # After a commit the entries are stored; after any rollback they may be gone: queue again.
    session.info.pop(_PENDING, None)


def _track_proposals() -> None:
    from ..proposals.models import Proposal
    track_model(Proposal, "proposal")


_track_proposals()
