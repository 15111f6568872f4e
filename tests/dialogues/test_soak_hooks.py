"""The soak benchmark's hooks: the targets are real contribution forms that work."""
from portal.dialogues.models import Contribution
from portal.dialogues.soak import contribution_bodies, contribution_targets


def test_targets_post_contributions_and_bodies_read_them_back(client, auth, db, make_dialogue, make_user):
    open_d = make_dialogue(state="open")
    make_dialogue(state="planned", title="Inte öppen än")
    resident = make_user()
    db.session.commit()
    targets = contribution_targets()
    assert targets == [(f"/dialogues/{open_d.id}/contribute", {"question_id": ""})] + [
        (f"/dialogues/{open_d.id}/contribute", {"question_id": str(q.id)}) for q in open_d.questions]
    auth.login(resident)
    for i, (path, fields) in enumerate(targets):
        r = client.post(path, data={**fields, "body": f"Soakbidrag {i}"})
        assert r.status_code == 302
    rows = db.session.scalars(db.select(Contribution).order_by(Contribution.id)).all()
    assert [c.question_id for c in rows] == [None] + [q.id for q in open_d.questions]
    assert sorted(contribution_bodies(db.session.connection())) == [f"Soakbidrag {i}" for i in range(len(targets))]
