"""The embedded default indexes in-process: a request that committed search changes applies them.

Production runs `flask search sync --follow` beside the web processes (SEARCH_SYNC=worker). The
embedded default (`make run`: database backend, no second process) has no such worker, so there the
request applies its own outbox entries right after its commit, before the response goes out. The
entries are written in the request's transaction either way: if indexing fails they stay pending
and the next request (or `flask search sync`) retries them."""
from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

_COMMITTED = "search_committed"


def sync_mode(config) -> str:
    """"inline" or "worker": SEARCH_SYNC if set; else inline for the database backend in development
    (`make run`). Tests choose explicitly, so their query counts do not include indexing."""
    mode = config.get("SEARCH_SYNC")
    if mode:
        if mode not in ("inline", "worker"):
            raise ValueError(f"SEARCH_SYNC must be 'inline' or 'worker', not {mode!r}")
        return mode
    backend = config.get("SEARCH_BACKEND") or ("meilisearch" if config.get("MEILI_URL") else "database")
    if backend == "database" and config.get("PORTAL_ENV") == "development":
        return "inline"
    return "worker"


@event.listens_for(Session, "after_commit", insert=True)  # before models.py forgets what it queued
def _note_committed(session: Session) -> None:
    from .models import _PENDING
    if session.info.get(_PENDING):
        session.info[_COMMITTED] = True


def register_inline_sync(app: Flask) -> None:
    """After each request whose commit carried search changes, index them (inline mode only)."""
    sync_mode(app.config)  # a wrong value stops start-up

    @app.after_request
    def _apply_search_changes(response):
        from ..extensions import db
        if not db.session.info.pop(_COMMITTED, False) or sync_mode(current_app.config) != "inline":
            return response
        from .sync import run_until_empty
        try:
            run_until_empty()
        except Exception:  # the entries stay pending; the page the resident asked for still answers
            db.session.rollback()
            current_app.logger.exception("inline search indexing failed; the changes stay queued")
        return response
