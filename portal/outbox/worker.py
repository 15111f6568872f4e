"""Deliver outbox entries after commit, with retries and backoff, never twice.

Each entry is claimed in its own committed transaction before it is sent: the claim counts the
attempt, fixes a unique Message-ID on the entry and pushes next_attempt_at out by a lease, so a
second worker skips it. A failure reschedules it with backoff; a crash between sending and
marking it delivered retries it after the lease with the same Message-ID, which receivers use to
drop the copy.
"""
from __future__ import annotations

import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import select, update

from ..db import utcnow
from ..extensions import db
from .models import OutboxEntry

MAX_BACKOFF = timedelta(hours=1)
# A worker that dies holding a claim: the entry goes out again (same Message-ID) after this.
CLAIM_LEASE = timedelta(minutes=2)


def send_email(payload: dict, message_id: str | None = None) -> None:
    """Send one e-mail with the configured backend ("outbox" keeps it for the local page)."""
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] == "outbox":
        return
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_FROM"]
    msg["To"] = payload["to"]
    msg["Subject"] = payload["subject"]
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content(payload["body"])
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"]) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(msg)


HANDLERS = {"email": send_email}


@dataclass(frozen=True)
class Claimed:
    """What sending an entry needs, taken with the claim: nothing is read again before the send."""

    id: int
    kind: str
    payload: dict
    message_id: str | None
    attempts: int


def claim(entry_id: int) -> Claimed | None:
    """Take an entry for one attempt, or None if it is delivered, not due or claimed by another."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id == entry_id, OutboxEntry.delivered_at.is_(None),
               OutboxEntry.next_attempt_at <= now)
        .values(claimed_at=now, attempts=OutboxEntry.attempts + 1, next_attempt_at=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return None
    entry = db.session.get(OutboxEntry, entry_id, populate_existing=True)
    if entry.message_id is None:
        domain = current_app.config["MAIL_FROM"].rpartition("@")[2] or "localhost"
        entry.message_id = make_msgid(idstring=f"outbox{entry.id}", domain=domain)
    claimed = Claimed(entry.id, entry.kind, entry.payload, entry.message_id, entry.attempts)
    db.session.commit()  # expires `entry`; `claimed` stays readable if the database goes away now
    return claimed


def run_once(kinds=("email", "files"), batch: int = 100) -> dict[str, int]:
    """Deliver due entries; each is claimed and committed on its own so one failure never undoes another."""
    done = failed = 0
    now = utcnow()
    ids = list(db.session.scalars(
        select(OutboxEntry.id).where(OutboxEntry.kind.in_(kinds), OutboxEntry.delivered_at.is_(None),
                                     OutboxEntry.next_attempt_at <= now)
        .order_by(OutboxEntry.id).limit(batch)))
    db.session.commit()
    for entry_id in ids:
        entry = claim(entry_id)
        if entry is None:
            continue
        try:
            HANDLERS[entry.kind](entry.payload, entry.message_id)
        except Exception as exc:  # delivery failed: keep the entry and retry later
            db.session.rollback()
            retry_at = utcnow() + min(MAX_BACKOFF, timedelta(seconds=2 ** entry.attempts * 5))
            _record(entry_id, last_error=f"{type(exc).__name__}: {exc}"[:2000], next_attempt_at=retry_at)
            failed += 1
            continue
        _record(entry_id, delivered_at=utcnow(), last_error=None)
        done += 1
    return {"delivered": done, "failed": failed}


def _record(entry_id: int, attempts: int = 8, first_pause: float = 0.5, **values) -> None:
    """Write down how an attempt went (delivered, or failed and when to retry), trying through a
    short database outage: a delivered entry must not be sent again when its claim runs out, and
    a failed one should be retried after its backoff, not after the whole lease."""
    pause = first_pause
    for attempt in range(attempts):
        try:
            db.session.execute(update(OutboxEntry).where(OutboxEntry.id == entry_id).values(**values))
            db.session.commit()
            return
        except Exception:
            db.session.rollback()
            if attempt == attempts - 1:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 15.0)


def follow(interval: float = 5.0, should_stop=lambda: False, once=None, log=print) -> None:
    """Deliver forever. A database or mail outage is waited out with backoff, never fatal:
    the entries stay in the outbox and go out when the servers are back."""
    once = once or run_once
    pause = interval
    while not should_stop():
        try:
            result = once()
        except Exception as exc:  # the database went away: roll back, wait, try again
            try:
                db.session.rollback()
                db.session.remove()
            except Exception:  # nosec B110: the rollback itself needs the database; the next loop reconnects
                pass
            log(f"outbox: waiting after {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
            pause = min(pause * 2, 60.0)
        else:
            if result.get("delivered") or result.get("failed"):
                log(f"outbox: {result}")
            pause = interval
        time.sleep(pause)
