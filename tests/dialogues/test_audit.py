"""Officers' dialogue state changes and moderation of contributions leave audit entries."""
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.dialogues import operations as ops
from portal.dialogues.models import DialogueState as D


def entries(db, action, target_id):
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.target_id == str(target_id)).order_by(AuditEntry.id)))


def test_state_changes_by_officers_are_audited(db, make_dialogue, officer):
    d = make_dialogue(state="planned")
    ops.change_state(d, D.OPEN, officer)
    ops.change_state(d, D.ANALYSING, officer)
    moves = entries(db, "dialogue.state", d.id)
    assert [(e.actor_id, e.before, e.after) for e in moves] == [
        (officer.id, {"state": "planned"}, {"state": "open"}),
        (officer.id, {"state": "open"}, {"state": "analysing"})]
    ops.save_feedback(d, officer, {"heard": "Bänkar.", "decided": "Vi bygger.", "why": "Önskemål.",
                                   "board_id": d.boards[0].id})
    ops.change_state(d, D.FEEDBACK_PUBLISHED, officer)
    (e,) = entries(db, "dialogue.publish_feedback", d.id)
    assert e.actor_id == officer.id and e.before == {"state": "analysing"}
    assert e.after["state"] == "feedback_published" and e.after["decided"] == "Vi bygger."
    assert e.after["board"] == "tekniska"


def test_moderation_of_contributions_is_audited(db, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=True)
    resident, moderator = make_user(), make_user(roles=["moderator"])
    good = ops.contribute(d, resident, "Fler bänkar, tack.")
    bad = ops.contribute(d, resident, "Något olämpligt.")
    ops.moderate(good, moderator, True)
    ops.moderate(bad, moderator, False, "Kränkande.")
    (e,) = entries(db, "contribution.publish", good.id)
    assert (e.actor_id, e.before, e.after["state"]) == (moderator.id, {"state": "pending"}, "published")
    (e,) = entries(db, "contribution.reject", bad.id)
    assert e.before == {"state": "pending"} and e.after["state"] == "rejected"
    assert e.after["reason"] == "Kränkande." and e.after["dialogue"] == d.id
