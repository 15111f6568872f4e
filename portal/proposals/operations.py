"""The verbs that change proposals. They flush, never commit: the caller owns the transaction.

(`support` may end a reads-first request's read transaction first: see `portal.db.begin_write`.)"""
from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, bindparam, case, cast, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.util import identity_key
from sqlalchemy.orm.attributes import set_committed_value

from ..accounts import participation
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
    participation.check(author, "submit")
    proposal.transition(S.SUBMITTED, author)
    proposal.submitted_at = utcnow()
    proposal.rejection_reason = None
    if participation.needs_guardian(author):
        proposal.guardian_required = True
    db.session.flush()


class GuardianApprovalMissing(DomainError):
    status = 409
    default_message = _l("The author is under the minimum age: a guardian approves the proposal before "
                         "it can be published.")


def publish(proposal: Proposal, moderator: User) -> None:
    """A moderator publishes a submitted proposal; it starts collecting support."""
    if not moderator.can_moderate():
        raise PermissionDenied()
    if proposal.guardian_required and proposal.guardian_approved_at is None:
        raise GuardianApprovalMissing()
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


ALIAS_LENGTH = 60


def support(proposal: Proposal, user: User, shown: bool = False, alias: str | None = None) -> bool:
    """Add one support; a second one (even at the same moment) is a no-op. Returns True if added.

    `shown` puts the supporter's display name, or `alias` when given, in the public list."""
    if proposal.state != S.PUBLISHED or proposal.hidden:
        raise NotCollecting()
    return support_id(proposal.id, user, proposal, shown=shown, alias=alias)


def _setting_text(key: str):
    """A setting's stored JSON as text, in SQL (NULL when the default applies)."""
    return select(cast(Setting.value, Text)).where(Setting.key == key).scalar_subquery()


@lru_cache(maxsize=4)
def _support_statements(dialect: str):
    """The three statements of a support, built once per dialect (they only take parameters).

    The city's rule (supporting needs e-legitimation, and residence) is read inside the first
    statement: the account's level (0 e-mail, 1 e-legitimation, 2 and resident) must reach the
    level the settings require, so the rule costs no extra round trip."""
    table, supports = Proposal.__table__, Support.__table__
    general = select(Setting.value).where(Setting.key == "support_threshold").scalar_subquery()
    mode = func.coalesce(_setting_text("support_requires"), bindparam("default_mode"))
    residency = func.coalesce(_setting_text("residency_required"), bindparam("default_residency"))
    required = case((mode == json.dumps("eid"), case((residency == "true", 2), else_=1)), else_=0)
    count_up = table.update().where(table.c.id == bindparam("pid"), table.c.state == S.PUBLISHED,
                                    table.c.hidden.is_(False), required <= bindparam("level")) \
        .values(support_count=table.c.support_count + 1,
                verified_support_count=table.c.verified_support_count + bindparam("verified")) \
        .returning(table.c.support_count, table.c.verified_support_count, table.c.support_threshold,
                   general, mode)
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    # No conflict target: a second support by the same account or by the same person (another of
    # their accounts) is ignored alike.
    insert_support = insert(supports).values(proposal_id=bindparam("pid"), user_id=bindparam("uid"),
                                             person_id=bindparam("person"), created_at=bindparam("now"),
                                             shown=bindparam("shown"), alias=bindparam("alias")) \
        .on_conflict_do_nothing().returning(supports.c.id)
    count_down = table.update().where(table.c.id == bindparam("pid")) \
        .values(support_count=table.c.support_count - 1,
                verified_support_count=table.c.verified_support_count - bindparam("verified"))
    return count_up, insert_support, count_down


def counts_toward_threshold(proposal: Proposal, mode: str | None = None) -> int:
    """The supports the threshold counts: only verified ones where supporting needs e-legitimation."""
    mode = mode if mode is not None else get_setting("support_requires")
    return proposal.verified_support_count if mode == "eid" else proposal.support_count


def support_id(proposal_id: int, user: User, proposal: Proposal | None = None, shown: bool = False,
               alias: str | None = None) -> bool:
    """`support` by the proposal's id, without loading it first: the web's hot path.

    Few, plain statements, because on SQLite they run under the single write lock: the count
    goes up only where the proposal is collecting and the account meets the city's rule (both
    checked in SQL, so a change since any read counts) and returns the new counts with the
    thresholds; then the support row, ignoring a duplicate, which takes the count back down.
    Raises NotCollecting when no proposal with that id collects support, or the reason the
    account may not support: the caller rolls back and tells a missing proposal from a closed one."""
    if not user.can_take_part():
        raise NotConfirmed()
    user_id, person_id, level = user.id, user.person_id, user.participation_level
    verified = 1 if person_id is not None else 0
    alias = ((alias or "").strip()[:ALIAS_LENGTH] or None) if shown else None
    begin_write()
    conn = db.session.connection()  # Core on the session's connection: no ORM execution layer
    count_up, insert_support, count_down = _support_statements(conn.dialect.name)
    row = conn.execute(count_up, {"pid": proposal_id, "level": level, "verified": verified,
                                  "default_mode": json.dumps(default_setting("support_requires")),
                                  "default_residency": json.dumps(bool(default_setting("residency_required")))}
                       ).first()
    if row is None:
        participation.check(user, "support")  # the account's reason, if that was it
        raise NotCollecting()
    count, verified_count, own, general_value, mode_text = row
    # Keep a copy this session already holds in step with the row (no query when there is none).
    proposal = proposal or db.session.identity_map.get(identity_key(Proposal, proposal_id))
    if conn.execute(insert_support, {"pid": proposal_id, "uid": user_id, "person": person_id, "now": utcnow(),
                                     "shown": bool(shown), "alias": alias}).first() is None:
        conn.execute(count_down, {"pid": proposal_id, "verified": verified})  # already supported
        if proposal is not None:
            set_committed_value(proposal, "support_count", count - 1)
            set_committed_value(proposal, "verified_support_count", verified_count - verified)
        return False
    if proposal is not None:
        set_committed_value(proposal, "support_count", count)
        set_committed_value(proposal, "verified_support_count", verified_count)
    enqueue_fast("search", {"kind": "proposal", "id": proposal_id})
    threshold = own if own is not None else int(general_value if general_value is not None
                                                else default_setting("support_threshold"))
    counted = verified_count if mode_text == json.dumps("eid") else count
    if counted >= threshold:
        _reach_threshold(proposal or db.session.get(Proposal, proposal_id), None)
    db.session.flush()
    return True


def unsupport(proposal: Proposal, user: User) -> bool:
    """Take a support back while the proposal is collecting. Returns True if one was removed."""
    if proposal.state != S.PUBLISHED:
        raise DomainError(_l("Support can only be taken back while the proposal is collecting support."))
    supports = Support.__table__
    removed = db.session.execute(
        supports.delete().where(supports.c.proposal_id == proposal.id, supports.c.user_id == user.id)
        .returning(supports.c.person_id)).first()
    if removed is not None:
        verified = 1 if removed.person_id is not None else 0
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(support_count=Proposal.support_count - 1,
                                   verified_support_count=Proposal.verified_support_count - verified))
        enqueue("search", {"kind": "proposal", "id": proposal.id})
        db.session.refresh(proposal, ["support_count", "verified_support_count"])
        return True
    return False


def recount_supports(proposal_ids) -> None:
    """Count every support and the verified ones again (after linking or merging accounts)."""
    ids = list(proposal_ids)
    if not ids:
        return
    supports = Support.__table__
    total = select(func.count()).where(supports.c.proposal_id == Proposal.id).scalar_subquery()
    verified = select(func.count()).where(supports.c.proposal_id == Proposal.id,
                                          supports.c.person_id.is_not(None)).scalar_subquery()
    db.session.execute(update(Proposal).where(Proposal.id.in_(ids))
                       .values(support_count=total, verified_support_count=verified)
                       .execution_options(synchronize_session=False))
    for p in list(db.session.identity_map.values()):
        if isinstance(p, Proposal) and p.id in ids:
            db.session.expire(p, ["support_count", "verified_support_count"])
    # Supports that became verified may carry a proposal over its threshold.
    mode = get_setting("support_requires")
    general = int(get_setting("support_threshold"))
    for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids), Proposal.state == S.PUBLISHED,
                                                       Proposal.hidden.is_(False))).unique():
        threshold = p.support_threshold if p.support_threshold is not None else general
        if counts_toward_threshold(p, mode) >= threshold:
            _reach_threshold(p, None)
    db.session.flush()


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
