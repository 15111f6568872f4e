"""Deliver outbox entries after commit, with retries and backoff."""
from __future__ import annotations

import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from ..db import utcnow
from ..extensions import db
from .models import OutboxEntry

MAX_BACKOFF = timedelta(hours=1)


def send_email(payload: dict) -> None:
    """Send one e-mail with the configured backend ("outbox" keeps it for the local page)."""
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] == "outbox":
        return
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_FROM"]
    msg["To"] = payload["to"]
    msg["Subject"] = payload["subject"]
    msg.set_content(payload["body"])
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"]) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(msg)


HANDLERS = {"email": send_email}


def run_once(kinds=("email",), batch: int = 100) -> dict[str, int]:
    """Deliver due entries; each is committed on its own so one failure never undoes another."""
    done = failed = 0
    now = utcnow()
    ids = list(db.session.scalars(
        select(OutboxEntry.id).where(OutboxEntry.kind.in_(kinds), OutboxEntry.delivered_at.is_(None),
                                     OutboxEntry.next_attempt_at <= now)
        .order_by(OutboxEntry.id).limit(batch)))
    db.session.commit()
    for entry_id in ids:
        entry = db.session.get(OutboxEntry, entry_id)
        if entry is None or entry.delivered_at is not None:
            continue
        try:
            HANDLERS[entry.kind](entry.payload)
        except Exception as exc:  # delivery failed: keep the entry and retry later
            db.session.rollback()
            entry = db.session.get(OutboxEntry, entry_id)
            entry.attempts += 1
            entry.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            entry.next_attempt_at = utcnow() + min(MAX_BACKOFF, timedelta(seconds=2 ** entry.attempts * 5))
            db.session.commit()
            failed += 1
            continue
        entry.attempts += 1
        entry.delivered_at = utcnow()
        db.session.commit()
        done += 1
    return {"delivered": done, "failed": failed}
