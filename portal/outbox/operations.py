"""Write side effects to the outbox; never deliver them inside the request."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from ..extensions import db
from .models import OutboxEntry


def enqueue(kind: str, payload: dict) -> OutboxEntry:
    """Add an outbox entry to the current transaction."""
    entry = OutboxEntry(kind=kind, payload=payload)
    db.session.add(entry)
    return entry


def enqueue_fast(kind: str, payload: dict) -> None:
    """`enqueue` as one Core INSERT, for hot write paths that hold SQLite's lock (no unit of work)."""
    db.session.connection().execute(OutboxEntry.__table__.insert(), {"kind": kind, "payload": payload})


def queue_email(user, template: str, **context) -> OutboxEntry | None:
    """Render an e-mail in the recipient's language and put it in the outbox.

    Accounts without an address (e-legitimation only: a reserved `.invalid` placeholder) get none."""
    if user.email.endswith(".invalid"):
        return None
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = render_template(f"mail/{template}.subject.txt", user=user, **context).strip()
        body = render_template(f"mail/{template}.txt", user=user, **context)
    return enqueue("email", {"to": user.email, "subject": subject, "body": body, "locale": locale,
                             "template": template})
