"""record(): the one call every official action makes."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from flask import has_request_context, request

from ..extensions import db
from .models import AuditEntry


def _plain(value):
    """JSON-safe copy of a before/after snapshot (enums, dates, sets, objects with ids)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(getattr(value, "slug", None) or getattr(value, "id", None) or value)


def record(actor, action: str, target_type: str, target_id, before: dict | None = None,
           after: dict | None = None) -> AuditEntry:
    """Append an audit entry to the current transaction (it commits or rolls back with the action).

    Inside a request an actor's entry keeps the client address (after ProxyFix, the real one). An
    entry without an actor (the system, e.g. content hidden by reports) keeps none: the request is
    then someone else's, such as the resident who sent the last report."""
    actor_id = getattr(actor, "id", None)
    address = request.remote_addr if actor_id is not None and has_request_context() else None
    entry = AuditEntry(actor_id=actor_id, action=action, target_type=target_type,
                       target_id=None if target_id is None else str(target_id),
                       before=_plain(before) if before is not None else None,
                       after=_plain(after) if after is not None else None,
                       client_address=address[:45] if address else None)
    db.session.add(entry)
    return entry
