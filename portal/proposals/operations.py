"""The verbs that change proposals. They flush, never commit: the caller owns the transaction.

(`support` may end a reads-first request's read transaction first: see `portal.db.begin_write`.)"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.util import identity_key
from sqlalchemy.orm.attributes import set_committed_value

from ..accounts.models import User
from ..admin.models import Setting
from ..admin.settings import default as default_setting, get_setting
from ..db import begin_write, utcnow
from ..errors import DomainError, NotConfirmed, PermissionDenied
from ..extensions import db
from ..markdown import render_markdown
from ..outbox.operations import enqueue, enqueue_fast, queue_email
from ..profile.models import District, Topic
from .models import Proposal, ProposalState as S, Support


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, clamped to the month's last day."""
    import calendar
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _draft_for_token(author: User, token: str | None) -> Proposal | None:
    if not token:
        return None
    return db.session.scalar(select(Proposal).where(Proposal.submit_token == token,
                                                    Proposal.author_id == author.id))


def save_draft(author: User, data: dict, proposal: Proposal | None = None, token: str | None = None) -> Proposal:
    """Create or update a draft from validated form data.

    `token` comes from the form a resident opened: sending that form twice (a double click,
    a retried request) updates the draft it already created instead of making a second one."""
    if proposal is None:
        proposal = _draft_for_token(author, token)
    if proposal is None:
        proposal = Proposal(author=author, state=S.DRAFT, submit_token=token)
        try:
            with db.session.begin_nested():
                db.session.add(proposal)
                _fill(proposal, data)
        except IntegrityError:  # the same form arrived twice at the same moment
            proposal = _draft_for_token(author, token)
            if proposal is None:
                raise
    if not proposal.can_edit(author):
        raise PermissionDenied()
    _fill(proposal, data)
    db.session.flush()
    return proposal


def _fill(proposal: Proposal, data: dict) -> None:
    proposal.title = data["title"].strip()
    proposal.summary = data["summary"].strip()
    proposal.body = data["body"]
    proposal.body_html = render_markdown(data["body"])
    proposal.district = db.session.get(District, data["district_id"]) if data.get("district_id") else None
    topic_ids = [int(t) for t in data.get("topic_ids") or []]
    proposal.topics = list(db.session.scalars(select(Topic).where(Topic.id.in_(topic_ids)))) if topic_ids else []
    proposal.duration_months = int(data["duration_months"])
    from ..i18n import detect_text_language
    chosen = data.get("lang")
    proposal.lang = chosen if chosen in ("sv", "en", "ar") else \
        detect_text_language(f"{proposal.title}\n{proposal.summary}\n{proposal.body}")
    db.session.flush()


def submit(proposal: Proposal, author: User) -> None:
    """Send a draft (or an edited rejected proposal) to moderation."""
    if not proposal.can_edit(author):
        raise PermissionDenied()
    if not author.can_take_part():
        raise NotConfirmed()
    proposal.transition(S.SUBMITTED, author)
    proposal.submitted_at = utcnow()
    proposal.rejection_reason = None
    db.session.flush()


def publish(proposal: Proposal, moderator: User) -> None:
    """A moderator publishes a submitted proposal; it starts collecting support."""
    if not moderator.can_moderate():
        raise PermissionDenied()
    proposal.transition(S.PUBLISHED, moderator)
    now = utcnow()
    proposal.published_at = now
    proposal.ends_at = add_months(now, proposal.duration_months)
    proposal.support_threshold = int(get_setting("support_threshold"))
    queue_email(proposal.author, "proposal_published", proposal=proposal)
    if proposal.support_threshold <= 0:
        _reach_threshold(proposal, moderator)
    db.session.flush()


def reject(proposal: Proposal, moderator: User, reason: str) -> None:
    """A moderator rejects a submitted proposal; the author sees the reason and can edit."""
    if not moderator.can_moderate():
        raise PermissionDenied()
    if not reason.strip():
        raise DomainError(_l("Give a reason for the rejection."))
    proposal.transition(S.REJECTED, moderator, note=reason.strip())
    proposal.rejection_reason = reason.strip()
    queue_email(proposal.author, "proposal_rejected", proposal=proposal)
    db.session.flush()


def withdraw(proposal: Proposal, author: User) -> None:
    """The author withdraws a proposal that is collecting support."""
    if not proposal.can_withdraw(author):
        raise PermissionDenied()
    proposal.transition(S.WITHDRAWN, author)
    db.session.flush()


def _reach_threshold(proposal: Proposal, actor: User | None) -> None:
    from ..handling.operations import start_handling

    proposal.transition(S.THRESHOLD_REACHED, None)
    start_handling(proposal, actor)


class NotCollecting(DomainError):
    """The proposal is not (or no longer) collecting support, or is not there at all."""

    default_message = _l("This proposal is not collecting support.")


def support(proposal: Proposal, user: User) -> bool:
    """Add one support; a second one (even at the same moment) is a no-op. Returns True if added."""
    if proposal.state != S.PUBLISHED or proposal.hidden:
        raise NotCollecting()
    return support_id(proposal.id, user, proposal)


@lru_cache(maxsize=4)
def _support_statements(dialect: str):
    """The three statements of a support, built once per dialect (they only take parameters)."""
    table, supports = Proposal.__table__, Support.__table__
    general = select(Setting.value).where(Setting.key == "support_threshold").scalar_subquery()
    count_up = table.update().where(table.c.id == bindparam("pid"), table.c.state == S.PUBLISHED,
                                    table.c.hidden.is_(False)) \
        .values(support_count=table.c.support_count + 1) \
        .returning(table.c.support_count, table.c.support_threshold, general)
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    insert_support = insert(supports).values(proposal_id=bindparam("pid"), user_id=bindparam("uid"),
                                             created_at=bindparam("now")) \
        .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"]).returning(supports.c.id)
    count_down = table.update().where(table.c.id == bindparam("pid")) \
        .values(support_count=table.c.support_count - 1)
    return count_up, insert_support, count_down


def support_id(proposal_id: int, user: User, proposal: Proposal | None = None) -> bool:
    """`support` by the proposal's id, without loading it first: the web's hot path.

    Few, plain statements, because on SQLite they run under the single write lock: the count
    goes up only where the proposal is collecting (checked in SQL, so a change since any read
    counts) and returns the new count with the thresholds; then the support row, ignoring a
    duplicate, which takes the count back down. Raises NotCollecting when no proposal with that
    id collects support: the caller rolls back and tells a missing proposal from a closed one."""
    if not user.can_take_part():
        raise NotConfirmed()
    user_id = user.id
    begin_write()
    conn = db.session.connection()  # Core on the session's connection: no ORM execution layer
    count_up, insert_support, count_down = _support_statements(conn.dialect.name)
    row = conn.execute(count_up, {"pid": proposal_id}).first()
    if row is None:
        raise NotCollecting()
    count, own, general_value = row
    # Keep a copy this session already holds in step with the row (no query when there is none).
    proposal = proposal or db.session.identity_map.get(identity_key(Proposal, proposal_id))
    if conn.execute(insert_support, {"pid": proposal_id, "uid": user_id, "now": utcnow()}).first() is None:
        conn.execute(count_down, {"pid": proposal_id})  # already supported: the count goes back
        if proposal is not None:
            set_committed_value(proposal, "support_count", count - 1)
        return False
    if proposal is not None:
        set_committed_value(proposal, "support_count", count)
    enqueue_fast("search", {"kind": "proposal", "id": proposal_id})
    threshold = own if own is not None else int(general_value if general_value is not None
                                                else default_setting("support_threshold"))
    if count >= threshold:
        _reach_threshold(proposal or db.session.get(Proposal, proposal_id), None)
    db.session.flush()
    return True


def unsupport(proposal: Proposal, user: User) -> bool:
    """Take a support back while the proposal is collecting. Returns True if one was removed."""
    if proposal.state != S.PUBLISHED:
        raise DomainError(_l("Support can only be taken back while the proposal is collecting support."))
    result = db.session.execute(
        Support.__table__.delete().where(Support.proposal_id == proposal.id, Support.user_id == user.id))
    if result.rowcount:
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(support_count=Proposal.support_count - 1))
        enqueue("search", {"kind": "proposal", "id": proposal.id})
        db.session.refresh(proposal, ["support_count"])
        return True
    return False


def expire_due(now: datetime | None = None) -> int:
    """Expire published proposals past their end date (the `flask proposals tick` job)."""
    now = now or utcnow()
    due = list(db.session.scalars(select(Proposal).where(Proposal.state == S.PUBLISHED,
                                                         Proposal.ends_at <= now)))
    for p in due:
        p.transition(S.EXPIRED, None)
        queue_email(p.author, "proposal_expired", proposal=p)
    db.session.flush()
    return len(due)
