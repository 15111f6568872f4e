"""The proposal lifecycle: legal and illegal moves, the timeline, thresholds and expiry."""
from datetime import timedelta

import pytest
from flask_babel import force_locale

from portal.db import utcnow
from portal.errors import IllegalTransition, NotConfirmed, PermissionDenied
from portal.proposals import operations as ops
from portal.proposals.models import TRANSITIONS, ProposalState as S


def test_every_state_has_a_rule():
    assert set(TRANSITIONS) == set(S)


@pytest.mark.parametrize("start,target", [
    (S.DRAFT, S.PUBLISHED), (S.SUBMITTED, S.IN_HANDLING), (S.PUBLISHED, S.ANSWERED),
    (S.EXPIRED, S.PUBLISHED), (S.WITHDRAWN, S.PUBLISHED), (S.CLOSED, S.DRAFT),
])
def test_illegal_moves_are_refused_with_a_clear_error(make_proposal, start, target):
    p = make_proposal(state=start.value)
    with pytest.raises(IllegalTransition) as err:
        p.transition(target, None)
    with force_locale("en"):
        assert f"cannot go from “{start.label}” to “{target.label}”" in str(err.value)
    assert p.state == start


def test_each_transition_is_recorded_with_who_and_when(make_proposal, make_user, db):
    author = make_user()
    p = make_proposal(state="published", author=author)
    steps = [(e.from_state, e.to_state) for e in p.events]
    assert steps == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.PUBLISHED)]
    assert p.events[0].actor_id == author.id
    assert p.events[1].actor_id != author.id  # the moderator
    assert all(e.at is not None and e.at.tzinfo is not None for e in p.events)


def test_publish_sets_end_date_from_duration(make_proposal):
    p = make_proposal(state="published", duration=6)
    months = (p.ends_at.year - p.published_at.year) * 12 + p.ends_at.month - p.published_at.month
    assert months == 6


def test_add_months_clamps_to_month_end():
    from datetime import datetime, timezone
    assert ops.add_months(datetime(2026, 8, 31, tzinfo=timezone.utc), 6).day == 28


def test_threshold_reached_at_the_moment_of_support(app, make_proposal, make_user):
    app.config["SUPPORT_THRESHOLD"] = 2
    try:
        p = make_proposal(state="published")
        ops.support(p, make_user())
        assert p.state == S.PUBLISHED and p.support_count == 1
        ops.support(p, make_user())
        assert p.support_count == 2
        assert p.state == S.IN_HANDLING
        assert [e.to_state for e in p.events][-2:] == [S.THRESHOLD_REACHED, S.IN_HANDLING]
    finally:
        app.config["SUPPORT_THRESHOLD"] = 100


def test_threshold_zero_goes_straight_to_handling(app, make_proposal):
    app.config["SUPPORT_THRESHOLD"] = 0
    try:
        p = make_proposal(state="published")
        assert p.state == S.IN_HANDLING
    finally:
        app.config["SUPPORT_THRESHOLD"] = 100


def test_support_once_and_take_back(make_proposal, make_user):
    p = make_proposal()
    u = make_user()
    assert ops.support(p, u) is True
    assert ops.support(p, u) is False
    assert p.support_count == 1
    assert ops.unsupport(p, u) is True
    assert ops.unsupport(p, u) is False
    assert p.support_count == 0


def test_unconfirmed_cannot_submit_or_support(make_proposal, make_user):
    p = make_proposal()
    with pytest.raises(NotConfirmed):
        ops.support(p, make_user(confirmed=False))
    author = make_user(confirmed=False)
    draft = make_proposal(state="draft", author=author)
    with pytest.raises(NotConfirmed):
        ops.submit(draft, author)


def test_cannot_support_outside_collection(make_proposal, make_user):
    from portal.errors import DomainError
    with pytest.raises(DomainError):
        ops.support(make_proposal(state="withdrawn"), make_user())


def test_only_moderators_moderate(make_proposal, make_user):
    p = make_proposal(state="submitted")
    with pytest.raises(PermissionDenied):
        ops.publish(p, make_user())
    with pytest.raises(PermissionDenied):
        ops.reject(p, make_user(), "nej")


def test_reject_needs_reason_and_author_can_resubmit(make_proposal, make_user):
    author = make_user()
    p = make_proposal(state="submitted", author=author)
    mod = make_user(roles=["moderator"])
    from portal.errors import DomainError
    with pytest.raises(DomainError):
        ops.reject(p, mod, "  ")
    ops.reject(p, mod, "Namn på tredje person.")
    assert p.state == S.REJECTED and p.rejection_reason == "Namn på tredje person."
    assert p.can_edit(author)
    ops.submit(p, author)
    assert p.state == S.SUBMITTED and p.rejection_reason is None


def test_only_author_withdraws_while_collecting(make_proposal, make_user):
    author = make_user()
    p = make_proposal(author=author)
    with pytest.raises(PermissionDenied):
        ops.withdraw(p, make_user())
    ops.withdraw(p, author)
    assert p.state == S.WITHDRAWN
    with pytest.raises(PermissionDenied):
        ops.withdraw(p, author)


def test_tick_expires_only_past_end_date(make_proposal, db):
    due = make_proposal()
    due.ends_at = utcnow() - timedelta(minutes=1)
    fresh = make_proposal()
    assert ops.expire_due() == 1
    assert due.state == S.EXPIRED and fresh.state == S.PUBLISHED


def test_tick_command(app, make_proposal, db):
    p = make_proposal()
    p.ends_at = utcnow() - timedelta(days=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["proposals", "tick"])
    assert "expired: 1" in result.output


def test_status_changes_mail_the_author(make_proposal, db):
    from portal.outbox.models import OutboxEntry
    p = make_proposal()
    mails = list(db.session.scalars(db.select(OutboxEntry).where(OutboxEntry.kind == "email")))
    assert any(m.payload["to"] == p.author.email and m.payload["template"] == "proposal_published" for m in mails)
