"""Privacy: no page leaks a planted e-mail address; export, deletion, retention, statements."""
import json
import re
from datetime import timedelta

import pytest

from portal.db import utcnow

PLANTED = "planted.secret.person@example.se"
SKIP = {"/dev/mail", "/account/"}  # the dev mailbox and the user's own account page


def _get_rules(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            yield rule.rule


def _crawl(app, client, ids):
    for rule in _get_rules(app):
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule)
        if url in SKIP:
            continue
        r = client.get(url)
        if not (r.mimetype.startswith("text/") or "json" in r.mimetype or "xml" in r.mimetype):
            r.close()  # binary (the favicon): no text to leak
            continue
        body = r.get_data(as_text=True)
        r.close()
        yield url, body


@pytest.mark.parametrize("viewer", ["anonymous", "resident"])
def test_no_page_leaks_the_planted_email(app, db, client, auth, make_user, make_proposal, reasons, viewer):
    from portal.moderation.operations import report
    author = make_user(email=PLANTED, name="Planted Person")
    p = make_proposal(author=author)
    make_proposal(state="submitted", author=author)
    report("proposal", p.id, author, reasons["offensive"], "note")
    db.session.commit()
    if viewer == "resident":
        auth.login(make_user())
    ids = {"proposal_id": p.id, "content_id": p.id, "content_type": "proposal", "user_id": author.id,
           "code": "sv", "token": "x", "dataset": "proposals", "board": "tekniska", "topic": "cykel",
           "district": "oxie"}
    seen = 0
    for url, body in _crawl(app, client, ids):
        seen += 1
        assert PLANTED not in body, url
        assert PLANTED.split("@")[0] not in body, url
    assert seen > 15
    from portal.privacy.public import public_dict
    assert PLANTED not in json.dumps(public_dict("proposal", p))


def test_export_link_is_single_use_and_expires(db, client, auth, make_user, make_proposal):
    from portal.outbox.models import OutboxEntry
    from portal.privacy.models import DataExport
    user = make_user()
    make_proposal(author=user, title="Mitt förslag om parker")
    auth.login(user)
    client.post("/account/data/export")
    mail = db.session.scalar(db.select(OutboxEntry).where(OutboxEntry.kind == "email").order_by(OutboxEntry.id.desc()))
    url = re.search(r"http://localhost(/account/data/download/\S+)", mail.payload["body"]).group(1)
    auth.logout()
    assert client.get(url).status_code == 200 and client.get(url).status_code == 200  # opening does not spend it
    r = client.post(url)
    data = r.get_json()
    assert data["account"]["email"] == user.email and data["proposals"][0]["title"] == "Mitt förslag om parker"
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    row = db.session.scalar(db.select(DataExport).where(DataExport.user_id == user.id))
    assert len(row.token_hash) == 64 and row.token_hash not in url
    from portal.privacy.operations import request_export
    token = request_export(user)
    db.session.scalar(db.select(DataExport).where(DataExport.used_at.is_(None))).expires_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert client.post(f"/account/data/download/{token}").status_code == 404


def test_delete_account_keeps_public_records(db, client, auth, make_user, make_proposal):
    user = make_user(email="to.be.deleted@example.se", name="Hemligt Namn")
    public = make_proposal(author=user)
    draft = make_proposal(state="draft", author=user)
    auth.login(user)
    assert client.post("/account/delete", data={"password": "wrong one"}).status_code == 400
    client.post("/account/delete", data={"password": "correct horse battery"})
    assert user.deleted_at and "to.be.deleted" not in user.email and user.display_name == ""
    assert db.session.get(type(draft), draft.id) is None
    page = client.get(f"/proposals/{public.id}").text
    assert "Hemligt Namn" not in page and ("Raderat konto" in page or "Deleted account" in page)
    assert auth.login(user).status_code == 200  # cannot log in


def test_retention_removes_unconfirmed_accounts(app, db, make_user):
    from portal.accounts.models import User
    from portal.privacy.operations import retention
    old = make_user(confirmed=False)
    old.created_at = utcnow() - timedelta(days=40)
    fresh = make_user(confirmed=False)
    db.session.flush()
    counts = retention()
    assert counts["unconfirmed_accounts"] == 1
    assert db.session.get(User, old.id) is None and db.session.get(User, fresh.id) is not None
    result = app.test_cli_runner().invoke(args=["privacy", "retention"])
    assert "retention:" in result.output


def test_statements_and_accessibility_report(db, client):
    for path in ("/privacy", "/cookies", "/accessibility"):
        assert client.get(path).status_code == 200
    home = client.get("/").text
    assert all(p in home for p in ('href="/privacy"', 'href="/cookies"', 'href="/accessibility"'))
    assert client.post("/accessibility", data={"problem": ""}).status_code == 400
    client.post("/accessibility", data={"page": "/proposals/", "problem": "Fokus syns inte."})
    from portal.outbox.models import OutboxEntry
    mail = db.session.scalar(db.select(OutboxEntry).order_by(OutboxEntry.id.desc()))
    assert mail.payload["to"] == "tillganglighet@malmo.se" and "Fokus syns inte." in mail.payload["body"]


def test_retention_removes_old_sent_mail_and_reporters(db, make_user, make_proposal, reasons):
    from portal.moderation.models import Report
    from portal.moderation.operations import report, restore
    from portal.outbox.models import OutboxEntry
    from portal.privacy.operations import retention
    p = make_proposal()
    reporter = make_user()
    report("proposal", p.id, reporter, reasons["offensive"], "min anteckning")
    restore(p, make_user(roles=["moderator"]))
    r = db.session.scalar(db.select(Report).where(Report.reporter_id == reporter.id))
    r.resolved_at = utcnow() - timedelta(days=200)
    mail = db.session.scalar(db.select(OutboxEntry).limit(1))
    mail.delivered_at = utcnow() - timedelta(days=100)
    db.session.flush()
    counts = retention()
    assert counts["sent_mails"] >= 1 and counts["report_reporters"] == 1
    assert r.reporter_id is None and r.note is None


def test_registration_answers_the_same_for_known_addresses(client, make_user):
    user = make_user()
    data = {"display_name": "Någon", "password": "ett långt lösenord", "confirm": "ett långt lösenord", "accept": "y"}
    a = client.post("/account/register", data={**data, "email": user.email}).text
    b = client.post("/account/register", data={**data, "email": "brand.new@example.se"}).text
    nonce = re.compile(r'nonce="[^"]+"')
    assert nonce.sub("", a.replace(user.email, "X")) == nonce.sub("", b.replace("brand.new@example.se", "X"))


def test_audit_client_addresses_are_exported_cleared_by_retention_and_on_deletion(app, db, make_user):
    from portal.audit import record
    from portal.audit.models import AuditEntry
    from portal.privacy.operations import delete_account, export_data, retention
    resident, admin = make_user(), make_user(roles=["admin"])
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        mine = record(resident, "api_token.create", "api_token", 1)
        recent = record(admin, "setting.change", "setting", "x")
    old = AuditEntry(actor_id=admin.id, action="setting.change", target_type="setting", target_id="y",
                     client_address="203.0.113.10", at=utcnow() - timedelta(days=91))
    db.session.add(old)
    db.session.flush()
    assert [e["client_address"] for e in export_data(resident)["audit_log"]] == ["203.0.113.9"]
    counts = retention()  # 90 days by default (retention_audit_address_days)
    assert counts["audit_addresses"] == 1
    db.session.expire_all()
    assert old.client_address is None and old.action == "setting.change"  # the entry itself stays
    assert recent.client_address == "203.0.113.9" and mine.client_address == "203.0.113.9"
    delete_account(resident)
    db.session.expire_all()
    assert mine.client_address is None and mine.actor_id == resident.id
    assert recent.client_address == "203.0.113.9"  # other accounts' entries keep theirs


def test_only_the_address_of_an_audit_entry_can_be_cleared(db, make_user):
    from sqlalchemy import update
    from portal.audit import record
    from portal.audit.models import AuditEntry, AuditImmutable
    record(make_user(), "test.action", "thing", 1)
    db.session.flush()
    with pytest.raises(AuditImmutable):
        db.session.execute(update(AuditEntry).values(client_address="192.0.2.1"))
