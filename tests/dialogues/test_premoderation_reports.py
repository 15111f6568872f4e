"""Review before publication when the dialogue asks for it; contributions reported like proposals."""
import re

from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.dialogues import operations as ops
from portal.dialogues.models import ContributionState as C, Dialogue
from portal.moderation import operations as mops
from portal.moderation.models import ModerationReason, Report, ensure_default_reasons
from portal.outbox.models import OutboxEntry
from tests.dialogues.test_pages import form
from tests.query_counter import QueryCounter


def _reason(db, slug="offensive"):
    ensure_default_reasons()
    return db.session.scalar(select(ModerationReason).where(ModerationReason.slug == slug))


def _mails(db, template):
    rows = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email")).all()
    return [r.payload for r in rows if r.payload["template"] == template]


def test_premoderated_by_default_contributions_wait(client, auth, db, make_dialogue, make_user):
    d = make_dialogue(state="open")
    assert d.premoderated
    resident = make_user()
    db.session.commit()
    auth.login(resident)
    assert "A moderator reads every contribution before it is published." in client.get(f"/dialogues/{d.id}").text
    r = client.post(f"/dialogues/{d.id}/contribute", data={"body": "Fler bänkar, tack."}, follow_redirects=True)
    assert "A moderator reads your contribution before it is published" in r.text
    c = db.session.scalars(select(ops.Contribution)).one()
    assert c.state == C.PENDING and "Fler bänkar, tack." not in client.get(f"/dialogues/{d.id}").text


def test_without_premoderation_contributions_publish_at_once(client, auth, db, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=False)
    resident = make_user()
    db.session.commit()
    auth.login(resident)
    page = client.get(f"/dialogues/{d.id}").text
    assert "Contributions are published at once." in page
    r = client.post(f"/dialogues/{d.id}/contribute", data={"body": "Fler bänkar, tack."}, follow_redirects=True)
    assert "Your contribution is published." in r.text
    c = db.session.scalars(select(ops.Contribution)).one()
    assert c.state == C.PUBLISHED
    page = client.get(f"/dialogues/{d.id}").text
    assert "Fler bänkar, tack." in page
    assert f"/moderation/report/contribution/{c.id}" in page  # still reportable


def test_officer_turns_premoderation_off_in_the_form(client, auth, db, officer):
    auth.login(officer)
    page = client.get("/dialogues/new").text
    box = re.search(r'<input[^>]*name="premoderated"[^>]*>', page).group(0)
    assert "checked" in box  # on unless the officer turns it off
    assert client.post("/dialogues/new", data=form(db)).status_code == 302  # box not sent: off
    d = db.session.scalar(select(Dialogue))
    assert d.premoderated is False
    r = client.post(f"/dialogues/{d.id}/edit", data=form(db, premoderated="y"))
    assert r.status_code == 302
    db.session.refresh(d)
    assert d.premoderated is True


def test_reports_hide_a_contribution_until_review(client, auth, db, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=False)
    author = make_user()
    c = ops.contribute(d, author, "Något olämpligt om en granne.")
    reason = _reason(db, "personal-data")
    reporters = [make_user() for _ in range(3)]
    db.session.commit()
    for reporter in reporters[:2]:
        auth.login(reporter)
        r = client.post(f"/moderation/report/contribution/{c.id}", data={"reason_id": reason.id})
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/dialogues/{d.id}#c{c.id}")
        auth.logout()
    assert not c.hidden
    assert mops.report("contribution", c.id, reporters[2], reason) is True
    db.session.commit()
    assert c.hidden and c.hidden_reason is None
    assert _mails(db, "contribution_hidden")[0]["to"] == author.email
    (e,) = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "contribution.hide_by_reports"))
    assert e.target_id == str(c.id) and e.before == {"hidden": False} and e.after == {"hidden": True}
    page = client.get(f"/dialogues/{d.id}").text
    assert "Något olämpligt" not in page and "Hidden while a moderator reviews reports about it." in page
    assert client.get(f"/moderation/report/contribution/{10**6}").status_code == 404


def test_moderator_hides_with_a_public_reason_and_restores(client, auth, db, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=False)
    c = ops.contribute(d, make_user(), "Ett inlägg med ett namn.")
    reason = _reason(db)
    mops.report("contribution", c.id, make_user(), reason)
    moderator = make_user(roles=["moderator"])
    db.session.commit()
    auth.login(moderator)
    queue = client.get("/dialogues/moderation").text
    assert "Ett inlägg med ett namn." in queue and f"hide{c.id}-reason_id" in queue
    r = client.post(f"/dialogues/moderation/{c.id}/hide",
                    data={f"hide{c.id}-reason_id": reason.id, f"hide{c.id}-note": "Namn på en granne."})
    assert r.status_code == 302
    db.session.refresh(c)
    assert c.hidden and c.hidden_by_moderator
    assert db.session.scalar(select(Report.resolved_at).where(Report.content_id == c.id)) is not None
    page = client.get(f"/dialogues/{d.id}").text
    assert "Hidden by moderator: Offensive or unlawful content. Namn på en granne." in page
    assert "Ett inlägg med ett namn." not in page
    r = client.post(f"/dialogues/moderation/{c.id}/restore")
    assert r.status_code == 302
    db.session.refresh(c)
    assert not c.hidden and "Ett inlägg med ett namn." in client.get(f"/dialogues/{d.id}").text
    actions = [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.target_type == "contribution", AuditEntry.actor_id == moderator.id).order_by(AuditEntry.id))]
    assert actions == ["contribution.hide", "contribution.restore"]


def test_only_moderators_hide_contributions(client, auth, db, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=False)
    c = ops.contribute(d, make_user(), "Hej.")
    resident = make_user()
    db.session.commit()
    auth.login(resident)
    assert client.post(f"/dialogues/moderation/{c.id}/hide", data={}).status_code == 403
    assert client.post(f"/dialogues/moderation/{c.id}/restore").status_code == 403


def test_reported_contributions_list_query_count_is_flat(client, auth, db, make_dialogue, make_user):
    d = make_dialogue(state="open", premoderated=False)
    reason = _reason(db)
    auth.login(make_user(roles=["moderator"]))
    counts = []
    for n in (2, 8):
        for i in range(2 if counts else 0, n):
            c = ops.contribute(d, make_user(), f"Anmält bidrag {i}")
            for _ in range(3 if i % 2 else 1):
                mops.report("contribution", c.id, make_user(), reason)
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            r = client.get("/dialogues/moderation")
        assert r.status_code == 200 and r.text.count('class="card"') >= n
        counts.append(qc.count)
    assert counts[0] == counts[1], counts
