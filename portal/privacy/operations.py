"""A resident's own data: export, account deletion; and the retention job. They flush, never commit."""
from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from ..accounts.models import User
from ..attachments.models import Attachment
from ..audit.models import AuditEntry, forget_addresses
from ..attachments.operations import purge as purge_attachments
from ..comments.models import Comment
from ..handling.models import FollowUpUpdate
from ..admin.settings import get_setting
from ..db import utcnow
from ..errors import DomainError
from ..extensions import db
from ..moderation.models import Report
from ..outbox.models import OutboxEntry
from ..outbox.operations import queue_email
from ..eid.models import Person
from ..proposals.models import PUBLIC_STATES, Proposal, Support
from ..urls import external_url
from ..dialogues.models import Contribution, ContributionState, Signup
from ..dialogues.operations import cancel_signup
from .inventory import ANONYMISE, DELETE, ERASURE, export_tables
from .models import DataExport


class LinkInvalid(DomainError):
    status = 404
    default_message = _l("The link is not valid. It may already have been used.")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_export(user: User) -> str:
    """Create a single-use download link (valid DATA_EXPORT_DAYS) and mail it; returns the token."""
    token = secrets.token_urlsafe(32)
    db.session.add(DataExport(user_id=user.id, token_hash=_hash(token),
                              expires_at=utcnow() + timedelta(days=current_app.config["DATA_EXPORT_DAYS"])))
    queue_email(user, "data_export", url=external_url("privacy.download", token=token))
    db.session.flush()
    return token


def check_export(token: str) -> DataExport:
    """The unused, unexpired export this token names, or LinkInvalid."""
    row = db.session.scalar(select(DataExport).where(DataExport.token_hash == _hash(token)).with_for_update())
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        raise LinkInvalid()
    return row


def use_export(token: str) -> dict:
    """Spend the link and return everything the portal holds about its owner."""
    row = check_export(token)
    row.used_at = utcnow()
    user = db.session.get(User, row.user_id)
    db.session.flush()
    return export_data(user)


def export_data(user: User) -> dict:
    proposals = db.session.scalars(select(Proposal).where(Proposal.author_id == user.id).order_by(Proposal.id)).unique()
    supports = db.session.execute(select(Support.proposal_id, Support.created_at, Support.person_id.is_not(None),
                                         Support.shown, Support.alias)
                                  .where(Support.user_id == user.id).order_by(Support.id)).all()
    reports = db.session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.id))
    comments = db.session.scalars(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id))
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    person = user.person
    return {
        "e_legitimation": None if person is None else {
            "identity": "HMAC-SHA256 of the personal identity number (the number itself is not stored)",
            "pin_hmac": person.pin_hmac, "birth_year": person.birth_year, "resident": person.resident,
            "residency_checked_at": iso(person.residency_checked_at), "level_of_assurance": person.loa,
            "first_verified_at": iso(person.created_at), "last_verified_at": iso(person.verified_at)},
        "account": {"id": user.id, "email": user.email, "display_name": user.display_name, "locale": user.locale,
                    "created_at": iso(user.created_at), "email_confirmed_at": iso(user.email_confirmed_at),
                    "roles": sorted(r.value for r in user.roles), "boards": [b.slug for b in user.boards],
                    "two_factor": bool(user.totp_secret)},
        "proposals": [{"id": p.id, "title": p.title, "summary": p.summary, "body": p.body, "state": p.state.value,
                       "created_at": iso(p.created_at), "published_at": iso(p.published_at),
                       "rejection_reason": p.rejection_reason} for p in proposals],
        "supports": [{"proposal_id": pid, "at": iso(at), "verified": verified, "name_shown": shown, "alias": alias}
                     for pid, at, verified, shown, alias in supports],
        "reports": [{"content_type": r.content_type, "content_id": r.content_id, "note": r.note,
                     "at": iso(r.created_at)} for r in reports],
        "attachments": _attachments_of(user),
        "follow_up_updates": [{"case_id": u.case_id, "status": u.status.value, "body": u.body, "reason": u.reason,
                               "published_at": iso(u.published_at)}
                              for u in db.session.scalars(select(FollowUpUpdate).where(FollowUpUpdate.author_id == user.id)
                                                          .order_by(FollowUpUpdate.id))],
        "comments": [{"id": c.id, "proposal_id": c.proposal_id, "parent_id": c.parent_id, "body": c.body,
                      "state": c.state.value, "hidden": c.hidden, "created_at": iso(c.created_at),
                      "edited_at": iso(c.edited_at), "deleted_at": iso(c.deleted_at)} for c in comments],
        # Every other table that refers to the account (privacy/inventory.py lists them all).
        **export_tables(user.id),
    }


def _attachments_of(user: User) -> list[dict]:
    """The files and links of the user's proposals, the files' content in base64."""
    from ..attachments.storage import NotFound, storage
    rows = db.session.scalars(select(Attachment).join(Proposal, Proposal.id == Attachment.proposal_id)
                              .where(Proposal.author_id == user.id).order_by(Attachment.id))
    out = []
    for a in rows:
        item = {"id": a.id, "proposal_id": a.proposal_id, "kind": a.kind.value, "name": a.name, "url": a.url,
                "content_type": a.content_type, "alt_text": a.alt_text, "created_at": a.created_at.isoformat()}
        if a.key:
            try:
                item["content_base64"] = base64.b64encode(storage().get(a.key)).decode("ascii")
            except NotFound:
                item["content_base64"] = None
        out.append(item)
    return out


def delete_account(user: User) -> None:
    """Erase personal data as privacy/inventory.py says, table by table: seats are freed (the waiting
    list moves up, with an e-mail), what is not a public record goes, public records stay under
    "Deleted account"."""
    if user.is_staff:
        raise DomainError(_l("Staff accounts are closed by an administrator."))
    _free_seats(user)
    # Every attachment of the user's proposals goes, with its files (after commit, through the outbox).
    purge_attachments(select(Proposal.id).where(Proposal.author_id == user.id))
    db.session.execute(delete(Proposal).where(Proposal.author_id == user.id, Proposal.state.not_in(PUBLIC_STATES)))
    # Comments are erased, not removed, so replies to them keep their place in the thread.
    db.session.execute(update(Comment).where(Comment.author_id == user.id, Comment.deleted_at.is_(None))
                       .values(body="", deleted_at=utcnow()))
    db.session.execute(delete(Contribution).where(Contribution.author_id == user.id,
                                                  Contribution.state != ContributionState.PUBLISHED))
    _forget_person(user)
    # The audit entries stay (append-only), without the addresses the account acted from.
    forget_addresses(AuditEntry.actor_id == user.id)
    db.session.execute(update(Report).where(Report.reporter_id == user.id).values(note=None))
    tables = db.Model.metadata.tables
    for (table_name, column), (action, _why) in ERASURE.items():
        table = tables[table_name]
        if action == DELETE:
            db.session.execute(delete(table).where(table.c[column] == user.id))
        elif action == ANONYMISE:
            db.session.execute(update(table).where(table.c[column] == user.id).values({column: None}))
    db.session.expire(user, ["role_rows", "boards"])
    _forget_mail(user.email)
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.display_name = ""
    # No argon2 hash matches "!", so no password opens the account any more.
    user.password_hash = "!"  # nosec B105
    user.locale = None
    user.totp_secret = None
    user.recovery_hashes = None
    user.active = False
    user.deleted_at = utcnow()
    user.end_all_sessions()
    db.session.flush()


def _free_seats(user: User) -> None:
    """Give up the account's meeting places; for meetings still ahead the waiting list moves up."""
    now = utcnow()
    for signup in list(db.session.scalars(select(Signup).where(Signup.user_id == user.id))):
        meeting = signup.meeting
        if meeting.starts_at > now:
            cancel_signup(meeting, user)
        else:
            meeting.signups.remove(signup)
    db.session.flush()


def _forget_person(user: User) -> None:
    """The e-legitimation goes with the account: the HMAC, year of birth and residency are erased.
    (A guardian's approval keeps its date; only the link to the person goes.)"""
    person_id = user.person_id
    if person_id is None:
        return
    user.person_id = None
    user.person = None
    db.session.flush()
    db.session.execute(update(Proposal).where(Proposal.guardian_person_id == person_id)
                       .values(guardian_person_id=None))
    db.session.execute(delete(Person).where(Person.id == person_id))


def _forget_mail(address: str) -> None:
    for entry in db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email")):
        if (entry.payload or {}).get("to") == address:
            db.session.delete(entry)


def retention(now=None) -> dict[str, int]:
    """Remove unconfirmed accounts and stale personal data after the configured periods."""
    now = now or utcnow()
    counts = {}
    old = now - timedelta(days=int(get_setting("retention_unconfirmed_days")))
    authors = select(Proposal.author_id)
    # An account proven by e-legitimation has no address to confirm: it is not "unconfirmed".
    stale = list(db.session.scalars(select(User).where(User.email_confirmed_at.is_(None), User.created_at < old,
                                                       User.person_id.is_(None), User.deleted_at.is_(None),
                                                       User.id.not_in(authors))))
    for u in stale:
        if not u.is_staff:
            _forget_mail(u.email)
            db.session.delete(u)
    counts["unconfirmed_accounts"] = len(stale)
    mail_cut = now - timedelta(days=int(get_setting("retention_mail_days")))
    counts["sent_mails"] = db.session.execute(delete(OutboxEntry).where(
        OutboxEntry.delivered_at.is_not(None), OutboxEntry.delivered_at < mail_cut)).rowcount
    report_cut = now - timedelta(days=int(get_setting("retention_report_days")))
    counts["report_reporters"] = db.session.execute(update(Report).where(
        Report.resolved_at.is_not(None), Report.resolved_at < report_cut, Report.reporter_id.is_not(None))
        .values(reporter_id=None, note=None)).rowcount
    address_cut = now - timedelta(days=int(get_setting("retention_audit_address_days")))
    counts["audit_addresses"] = forget_addresses(AuditEntry.at < address_cut)
    counts["export_links"] = db.session.execute(delete(DataExport).where(
        (DataExport.expires_at < now) | DataExport.used_at.is_not(None))).rowcount
    db.session.flush()
    return counts
