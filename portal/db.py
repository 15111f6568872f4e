"""Database helpers: UTC timestamps, engine tuning for SQLite, small column types."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as UTC and always returned timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and explicit BEGIN so savepoints and concurrent writers work."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A write transaction takes the lock up front (BEGIN IMMEDIATE), so it waits its turn
        # through the busy timeout instead of failing with "database is locked" on upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent() else "BEGIN")


def write_intent() -> bool:
    """Reads (GET, HEAD, OPTIONS requests) may run concurrently; everything else may write.

    A `reads_first` view's request starts with a read transaction; `begin_write` ends it and the
    request's next transaction takes the write lock."""
    from flask import current_app, g, has_request_context, request

    if has_request_context():
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        view = current_app.view_functions.get(request.endpoint)
        return g.get("write_phase", False) or not getattr(view, "reads_first", False)
    return True


def reads_first(view):
    """Mark a hot write view whose reads (the account, the page's object) come before its writes.

    On SQLite the request's reads then run without the single write lock, and only the writes,
    after `begin_write()`, hold it: a support POST held the lock for 5.5 ms, now 1-2 ms.
    Writes must re-check in SQL what the reads found (an UPDATE ... WHERE state = ...), since
    others may write in between. Put it directly under the route decorator."""
    view.reads_first = True
    return view


def begin_write() -> None:
    """In a `reads_first` request on SQLite: end the read transaction; what follows takes the lock.

    Anywhere else (PostgreSQL, a CLI command, an ordinary POST) it does nothing. Loaded objects
    are expired by the commit and reload when touched."""
    from flask import current_app, g, has_request_context, request

    from .extensions import db

    if not has_request_context() or g.get("write_phase"):
        return
    if not getattr(current_app.view_functions.get(request.endpoint), "reads_first", False):
        return
    g.write_phase = True
    if db.session.get_bind().dialect.name == "sqlite" and db.session().in_transaction():
        db.session.commit()
