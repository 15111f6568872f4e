"""Weekly digests: news for residents who chose one e-mail a week instead of one per change."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from flask_babel import force_locale, gettext as _, ngettext
from flask import current_app
from sqlalchemy import select

from ..accounts.models import User
from ..db import utcnow
from ..extensions import db
from ..outbox.models import OutboxEntry
from ..outbox.operations import queue_email
from ..proposals.models import Proposal
from .models import MailPreference


def _what(template: str, n: int = 1) -> str:
    if template == "proposal_comment":
        return ngettext("%(num)d new comment", "%(num)d new comments", n)
    if template == "proposal_follow_up":
        return _("new follow-up")
    return _("answered") if template == "proposal_answered" else _("gone to handling")


def _lines(entries: list[OutboxEntry]) -> list[tuple[int, str, int]]:
    """(proposal id, template, how many) in first-seen order: many comments make one line."""
    counts: dict[tuple[int, str], int] = {}
    for e in entries:
        key = (e.payload["proposal_id"], e.payload["template"])
        counts[key] = counts.get(key, 0) + 1
    return [(pid, template, n) for (pid, template), n in counts.items()]


def build_digests(force: bool = False) -> int:
    """Turn pending digest lines into one e-mail per resident whose week has passed."""
    now = utcnow()
    pending = list(db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "digest",
                                                                OutboxEntry.delivered_at.is_(None))
                                      .order_by(OutboxEntry.id)))
    by_user: dict[int, list[OutboxEntry]] = defaultdict(list)
    for e in pending:
        by_user[e.payload["user_id"]].append(e)
    if not by_user:
        return 0
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(by_user)))}
    prefs = {p.user_id: p for p in db.session.scalars(select(MailPreference).where(MailPreference.user_id.in_(by_user)))}
    pids = {e.payload["proposal_id"] for e in pending}
    proposals = {p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(pids)))}
    n = 0
    for uid, entries in by_user.items():
        pref = prefs.get(uid)
        if not force and pref and pref.last_digest_at and now - pref.last_digest_at < timedelta(days=7):
            continue
        user = users[uid]
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            items = [(proposals[pid], _what(template, n)) for pid, template, n in _lines(entries)
                     if pid in proposals]
        queue_email(user, "proposal_digest", items=items)
        for e in entries:
            e.delivered_at = now
        if pref:
            pref.last_digest_at = now
        n += 1
    db.session.flush()
    return n
