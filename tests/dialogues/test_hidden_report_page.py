"""The report page of a hidden contribution 404s: hidden text often holds a third person's data."""
from portal.dialogues import operations as ops
from portal.moderation.models import ModerationReason, ensure_default_reasons


def test_report_page_of_hidden_contribution_is_404(client, db, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=False)
    c = ops.contribute(d, make_user(), "Grannen Anna Andersson på Storgatan 5 är hemsk.")
    ensure_default_reasons()
    reason = db.session.scalars(db.select(ModerationReason)).first()
    db.session.commit()
    assert client.get(f"/moderation/report/contribution/{c.id}").status_code == 200
    ops.hide_contribution(c, make_user(roles=["moderator"]), reason, "")
    db.session.commit()
    r = client.get(f"/moderation/report/contribution/{c.id}")
    assert r.status_code == 404 and "Anna Andersson" not in r.text
    r = client.post(f"/moderation/report/contribution/{c.id}", data={"reason_id": reason.id})
    assert r.status_code == 404 and "Anna Andersson" not in r.text
