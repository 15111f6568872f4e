"""A dialogue's lifecycle: phases, feedback before closing, notifications through the outbox."""
import pytest

from portal.dialogues import operations as ops
from portal.dialogues.models import DialogueState as D
from portal.errors import DomainError, IllegalTransition, PermissionDenied


def test_planned_to_closed_with_feedback(db, make_dialogue, officer, make_user, outbox):
    d = make_dialogue(state="planned")
    follower = make_user(locale="en")
    ops.follow(d, follower)
    ops.change_state(d, D.OPEN, officer)
    assert [m["to"] for m in outbox("dialogue_phase")] == [follower.email]
    contributor, attendee = make_user(), make_user()
    ops.contribute(d, contributor, "Fler bänkar, tack.")
    m = ops.save_meeting(d, officer, {"title": "Möte", "place": "Oxie", "capacity": 5,
                                       "starts_at": _in_period(d, 15), "ends_at": _in_period(d, 15, hours=2)})
    assert [x["to"] for x in outbox("dialogue_meeting")] == [follower.email]
    ops.sign_up(m, attendee)
    ops.change_state(d, D.ANALYSING, officer)
    with pytest.raises(DomainError):
        ops.publish_feedback(d, officer)  # nothing written yet
    ops.save_feedback(d, officer, {"heard": "Bänkar", "decided": "Vi bygger", "why": "Önskemål",
                                   "board_id": d.boards[0].id})
    ops.change_state(d, D.FEEDBACK_PUBLISHED, officer)
    assert d.feedback_published_at is not None
    told = sorted(x["to"] for x in outbox("dialogue_feedback"))
    assert told == sorted([follower.email, contributor.email, attendee.email])
    english = next(x for x in outbox("dialogue_feedback") if x["to"] == follower.email)
    assert "Feedback" in english["subject"] and english["locale"] == "en"
    ops.change_state(d, D.CLOSED, officer)
    assert [e.to_state for e in d.events] == [D.OPEN, D.ANALYSING, D.FEEDBACK_PUBLISHED, D.CLOSED]
    assert all(e.actor_id == officer.id for e in d.events)


def _in_period(d, days, hours=0):
    from datetime import datetime, timedelta
    from portal.dialogues.operations import LOCAL
    return datetime.combine(d.starts_on + timedelta(days=days), datetime.min.time()).replace(
        hour=17 + hours, tzinfo=LOCAL)


def test_cannot_close_without_feedback(db, make_dialogue, officer):
    d = make_dialogue(state="analysing")
    with pytest.raises(DomainError, match="feedback"):
        ops.change_state(d, D.CLOSED, officer)
    assert d.state == D.ANALYSING


@pytest.mark.parametrize("start,to", [("planned", D.ANALYSING), ("planned", D.CLOSED), ("open", D.CLOSED),
                                      ("closed", D.OPEN), ("feedback_published", D.OPEN)])
def test_illegal_moves_are_refused(db, make_dialogue, officer, start, to):
    d = make_dialogue(state=start)
    with pytest.raises((IllegalTransition, DomainError)):
        ops.change_state(d, to, officer)
    assert d.state == D(start)


def test_only_officers_of_an_organising_board_run_it(db, make_dialogue, make_user):
    d = make_dialogue(state="planned")
    other = make_user(roles=["officer"], boards=["kultur"])
    with pytest.raises(PermissionDenied):
        ops.change_state(d, D.OPEN, other)
    coordinator = make_user(roles=["coordinator"])
    ops.change_state(d, D.OPEN, coordinator)
    assert d.state == D.OPEN


def test_joint_dialogue_has_several_boards(db, make_dialogue, make_user):
    d = make_dialogue(boards=["tekniska", "fritid"])
    assert [b.slug for b in d.boards] == ["fritid", "tekniska"] or {b.slug for b in d.boards} == {"fritid", "tekniska"}
    assert d.can_manage(make_user(roles=["officer"], boards=["fritid"]))


def test_officer_must_work_for_an_organising_board(db, officer, dialogue_data):
    with pytest.raises(DomainError, match="board you work for"):
        ops.save_dialogue(officer, dialogue_data(boards=["kultur"]))


def test_resident_cannot_create(db, make_user, dialogue_data):
    with pytest.raises(PermissionDenied):
        ops.save_dialogue(make_user(), dialogue_data())


def test_dates_out_of_order_are_refused(db, officer, dialogue_data):
    from datetime import date
    from portal.dialogues.models import Dialogue
    with pytest.raises(DomainError, match="end before it starts"):
        ops.save_dialogue(officer, dialogue_data(starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1)))
    assert db.session.scalar(db.select(db.func.count(Dialogue.id))) == 0


def test_answered_question_cannot_be_removed(db, make_dialogue, officer, make_user, dialogue_data):
    d = make_dialogue()
    ops.contribute(d, make_user(), "Svar", question_id=d.questions[1].id)
    with pytest.raises(DomainError, match="answered"):
        ops.save_dialogue(officer, dialogue_data(questions=["Vad saknar du i parken?"]), d)
    ops.save_dialogue(officer, dialogue_data(questions=["Vad saknar du?", "Hur tar du dig dit?", "Ny fråga"]), d)
    assert [q.text for q in d.questions] == ["Vad saknar du?", "Hur tar du dig dit?", "Ny fråga"]
