"""Taking part: following, contributions with moderation and one level of replies, meetings with a waiting list."""
from datetime import timedelta

import pytest

from portal.dialogues import operations as ops
from portal.dialogues.models import Contribution, ContributionState as C, Meeting
from portal.errors import DomainError, NotConfirmed


def test_follow_twice_is_one_follow(db, make_dialogue, make_user):
    d, u = make_dialogue(), make_user()
    assert ops.follow(d, u) is True
    assert ops.follow(d, u) is False
    assert ops.unfollow(d, u) is True
    with pytest.raises(NotConfirmed):
        ops.follow(d, make_user(confirmed=False))


def test_contributions_are_moderated_and_threaded_one_level(db, make_dialogue, make_user):
    d, u, mod = make_dialogue(), make_user(), make_user(roles=["moderator"])
    c = ops.contribute(d, u, "Fler träd", question_id=d.questions[0].id)
    assert c.state == C.PENDING
    with pytest.raises(DomainError, match="published contribution"):
        ops.contribute(d, make_user(), "Svar", parent_id=c.id)  # not yet published
    ops.moderate(c, mod, publish=True)
    reply = ops.contribute(d, make_user(), "Håller med", parent_id=c.id)
    assert reply.question_id == c.question_id
    ops.moderate(reply, mod, publish=True)
    with pytest.raises(DomainError, match="one level"):
        ops.contribute(d, make_user(), "Svar på svar", parent_id=reply.id)
    with pytest.raises(DomainError, match="reason"):
        ops.moderate(ops.contribute(d, u, "Spam"), mod, publish=False, reason=" ")


def test_question_of_another_dialogue_is_refused(db, make_dialogue, make_user):
    d1, d2 = make_dialogue(), make_dialogue(districts=["hyllie"])
    with pytest.raises(DomainError, match="does not belong"):
        ops.contribute(d1, make_user(), "Svar", question_id=d2.questions[0].id)


@pytest.mark.parametrize("state", ["planned", "analysing", "feedback_published", "closed"])
def test_contributions_only_while_open(db, make_dialogue, make_user, state):
    d = make_dialogue(state=state)
    with pytest.raises(DomainError, match="does not take contributions"):
        ops.contribute(d, make_user(), "För sent")
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0


def test_waiting_list_and_promotion(db, make_dialogue, officer, make_user, meeting_data, outbox):
    d = make_dialogue()
    m = ops.save_meeting(d, officer, meeting_data(capacity=2))
    a, b, c = make_user(), make_user(), make_user()
    assert not ops.sign_up(m, a).waiting
    assert not ops.sign_up(m, b).waiting
    assert ops.sign_up(m, c).waiting
    assert ops.sign_up(m, a).id == m.signups[0].id  # a second sign-up changes nothing
    assert m.places_left == 0 and len(m.waiting) == 1
    ops.cancel_signup(m, a)
    assert [s.user_id for s in m.confirmed] == [b.id, c.id] and not m.waiting
    assert [x["to"] for x in outbox("dialogue_place")] == [c.email]


def test_capacity_below_signed_up_is_refused(db, make_dialogue, officer, make_user, meeting_data):
    d = make_dialogue()
    m = ops.save_meeting(d, officer, meeting_data(capacity=3))
    for _ in range(3):
        ops.sign_up(m, make_user())
    with pytest.raises(DomainError, match="3 people already signed up"):
        ops.save_meeting(d, officer, meeting_data(capacity=2, title="Ändrat"), m)
    db.session.refresh(m)
    assert m.capacity == 3 and m.title == "Öppet möte"


def test_raising_capacity_moves_waiting_people_up(db, make_dialogue, officer, make_user, meeting_data):
    d = make_dialogue()
    m = ops.save_meeting(d, officer, meeting_data(capacity=1))
    ops.sign_up(m, make_user())
    ops.sign_up(m, make_user())
    ops.save_meeting(d, officer, meeting_data(capacity=2), m)
    assert len(m.confirmed) == 2 and not m.waiting


def test_meeting_outside_period_is_refused(db, make_dialogue, officer, meeting_data):
    d = make_dialogue()
    late = meeting_data()["starts_at"] + timedelta(days=100)
    with pytest.raises(DomainError, match="within the dialogue"):
        ops.save_meeting(d, officer, meeting_data(starts_at=late, ends_at=late + timedelta(hours=1)))
    start = meeting_data()["starts_at"]
    with pytest.raises(DomainError, match="end after"):
        ops.save_meeting(d, officer, meeting_data(ends_at=start - timedelta(hours=1)))
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0


def test_shortening_the_period_past_a_meeting_is_refused(db, make_dialogue, officer, meeting_data, dialogue_data):
    d = make_dialogue()
    ops.save_meeting(d, officer, meeting_data())
    with pytest.raises(DomainError, match="within the dialogue"):
        ops.save_dialogue(officer, dialogue_data(ends_on=d.starts_on + timedelta(days=1)), d)
