"""Moderation verbs: reject with a listed reason, reports, hide and restore, block an account.

Each records an audit entry and tells the author through the outbox. They flush, never commit."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..accounts.models import User
from ..admin.settings import get_setting
from ..audit import record
from ..db import utcnow
from ..errors import DomainError, PermissionDenied
from ..extensions import db
from ..outbox.operations import queue_email
from ..proposals import operations as pops
from ..proposals.models import Proposal, ProposalState as S
from .models import ModerationReason, Report


def _lang(user: User) -> str:
    return user.locale or "sv"


def reject_with_reason(proposal: Proposal, moderator: User, reason: ModerationReason, note: str = "") -> None:
    """Reject with a reason from the list; the author reads it (and the note) in their own language."""
    text = reason.name_in(_lang(proposal.author))
    if note and note.strip():
        text = f"{text}. {note.strip()}"
    before = {"state": proposal.state}
    pops.reject(proposal, moderator, text)
    proposal.moderation_reason_id = reason.id
    record(moderator, "proposal.reject", "proposal", proposal.id, before,
           {"state": proposal.state, "reason": reason.slug, "note": note or None})


def publish(proposal: Proposal, moderator: User) -> None:
    before = {"state": proposal.state}
    pops.publish(proposal, moderator)
    proposal.moderation_reason_id = None  # a reason from an earlier rejection no longer applies
    record(moderator, "proposal.publish", "proposal", proposal.id, before, {"state": proposal.state})


# -- reports ---------------------------------------------------------------------------------

def _load_proposal(content_id: int):
    p = db.session.get(Proposal, content_id)
    return p if p is not None and p.is_public and not p.hidden else None


# Content types that can be reported: a loader returning the public, not hidden object or None.
# Dialogue contributions register here (portal/dialogues/operations.py).
REPORTABLE = {"proposal": _load_proposal}
# The author's notice when reports hide the content: content type -> (mail template, context name).
HIDDEN_MAIL = {"proposal": ("content_hidden", "proposal")}
# Where the reporter goes back to: content type -> object -> (endpoint, url arguments).
REPORTED_PAGE = {"proposal": lambda p: ("proposals.show", {"proposal_id": p.id})}


def _counted_reports(content_type: str, content_id: int) -> int:
    """Reports that count towards hiding: one per signed-in account (anonymous ones only inform)."""
    return db.session.scalar(select(func.count(func.distinct(Report.reporter_id))).where(
        Report.content_type == content_type, Report.content_id == content_id, Report.resolved_at.is_(None),
        Report.reporter_id.is_not(None)))


def open_reports(content_type: str, content_id: int) -> int:
    return db.session.scalar(select(func.count(Report.id)).where(
        Report.content_type == content_type, Report.content_id == content_id, Report.resolved_at.is_(None)))


def report(content_type: str, content_id: int, reporter: User | None, reason: ModerationReason | None,
           note: str = "") -> bool:
    """Record a report; at the threshold the content is hidden until a moderator reviews it.
    Returns True when this report hid the content. A second report from the same account is ignored."""
    loader = REPORTABLE.get(content_type)
    obj = loader(content_id) if loader else None
    if obj is None:
        raise DomainError(_l("That cannot be reported."))
    reporter_id = reporter.id if reporter is not None and reporter.is_authenticated else None
    if reporter_id is not None and db.session.scalar(select(Report.id).where(
            Report.content_type == content_type, Report.content_id == content_id,
            Report.reporter_id == reporter_id, Report.resolved_at.is_(None))):
        return False
    db.session.add(Report(content_type=content_type, content_id=content_id, reporter_id=reporter_id,
                          reason_id=reason.id if reason else None, note=(note or "").strip()[:2000] or None))
    db.session.flush()
    if not obj.hidden and _counted_reports(content_type, content_id) >= int(get_setting("report_threshold")):
        obj.hidden, obj.hidden_at = True, utcnow()
        obj.hidden_reason = None  # hidden pending review: no moderator reason yet
        record(None, f"{content_type}.hide_by_reports", content_type, content_id,
               {"hidden": False}, {"hidden": True})
        template, name = HIDDEN_MAIL[content_type]
        queue_email(obj.author, template, **{name: obj, "reason": None})
        db.session.flush()
        return True
    return False


def resolve_reports(content_type: str, content_id: int) -> None:
    db.session.execute(update(Report).where(Report.content_type == content_type, Report.content_id == content_id,
                                            Report.resolved_at.is_(None)).values(resolved_at=utcnow()))


def hide_content(content_type: str, obj, moderator: User, reason: ModerationReason, note: str = "") -> None:
    """Hide published content of any reportable type with a public reason ("hidden by moderator: ...").

    Its open reports are closed, the action is audited and the author is told why (HIDDEN_MAIL)."""
    if not moderator.can_moderate():
        raise PermissionDenied()
    if not obj.is_public:
        raise DomainError(_l("Only published content can be hidden."))
    before = {"hidden": obj.hidden, "hidden_reason": obj.hidden_reason}
    # hidden_reason holds the moderator's public note ("" for none); the listed reason is shown
    # in each reader's language from moderation_reason_id. None means "hidden pending review".
    text = (note or "").strip()
    obj.hidden, obj.hidden_at, obj.hidden_reason = True, utcnow(), text
    obj.moderation_reason_id = reason.id
    resolve_reports(content_type, obj.id)
    record(moderator, f"{content_type}.hide", content_type, obj.id, before,
           {"hidden": True, "hidden_reason": text, "reason": reason.slug})
    template, name = HIDDEN_MAIL[content_type]
    queue_email(obj.author, template, **{name: obj, "reason": reason, "note": note})
    db.session.flush()


def restore_content(content_type: str, obj, moderator: User) -> None:
    """Show hidden content again; its open reports are closed."""
    if not moderator.can_moderate():
        raise PermissionDenied()
    before = {"hidden": obj.hidden, "hidden_reason": obj.hidden_reason}
    obj.hidden, obj.hidden_at, obj.hidden_reason = False, None, None
    obj.moderation_reason_id = None
    resolve_reports(content_type, obj.id)
    record(moderator, f"{content_type}.restore", content_type, obj.id, before, {"hidden": False})
    db.session.flush()


def hide(proposal: Proposal, moderator: User, reason: ModerationReason, note: str = "") -> None:
    """Hide a published proposal with a public reason."""
    hide_content("proposal", proposal, moderator, reason, note)


def restore(proposal: Proposal, moderator: User) -> None:
    """Show a hidden proposal again; the author is told."""
    restore_content("proposal", proposal, moderator)
    queue_email(proposal.author, "content_restored", proposal=proposal)
    db.session.flush()


# -- accounts --------------------------------------------------------------------------------

def block(user: User, moderator: User, note: str = "") -> int:
    """Block an account: it can no longer log in or act; its content awaiting review stays in the
    queue (marked) and is never published by itself. Returns how many items await review."""
    if not moderator.can_moderate():
        raise PermissionDenied()
    if user.id == moderator.id or user.is_staff:
        raise DomainError(_l("Staff accounts cannot be blocked here; an administrator removes their roles."))
    before = {"active": user.active, "blocked_at": user.blocked_at}
    user.active, user.blocked_at = False, utcnow()
    user.end_all_sessions()
    pending = db.session.scalar(select(func.count(Proposal.id)).where(
        Proposal.author_id == user.id, Proposal.state == S.SUBMITTED))
    record(moderator, "user.block", "user", user.id, before,
           {"active": False, "blocked_at": user.blocked_at, "note": note or None, "pending": pending})
    db.session.flush()
    return pending


def unblock(user: User, moderator: User) -> None:
    if not moderator.can_moderate():
        raise PermissionDenied()
    before = {"active": user.active, "blocked_at": user.blocked_at}
    user.active, user.blocked_at = True, None
    record(moderator, "user.unblock", "user", user.id, before, {"active": True, "blocked_at": None})
    db.session.flush()
