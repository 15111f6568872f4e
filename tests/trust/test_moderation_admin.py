"""Moderation with listed reasons, reports and hiding, blocking; administration; audit log."""
import pytest

from portal.audit.models import AuditEntry, AuditImmutable
from portal.outbox.models import OutboxEntry


def _mails(db, to):
    return [e.payload for e in db.session.scalars(db.select(OutboxEntry)) if e.payload.get("to") == to]


def test_reject_with_listed_reason_in_authors_language(db, client, auth, make_user, make_proposal, reasons):
    author = make_user(locale="ar")
    p = make_proposal(state="submitted", author=author)
    auth.login(make_user(roles=["moderator"]))
    r = client.get(f"/moderation/{p.id}")
    assert reasons["duplicate"].name in r.text
    client.post(f"/moderation/{p.id}/reject", data={"reject-reason_id": reasons["secret"].id, "reject-note": "x"})
    assert p.state.value == "rejected" and "معلومات سرية" in p.rejection_reason
    assert any("معلومات سرية" in m["body"] for m in _mails(db, author.email))
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "proposal.reject"))
    assert entry.before == {"state": "submitted"} and entry.after["reason"] == "secret"


def test_likely_duplicates_only_from_last_24_months(db, make_proposal, reasons):
    from datetime import timedelta
    from portal.db import utcnow
    from portal.moderation.queries import likely_duplicates
    recent = make_proposal(title="Fler lekplatser i Hyllie")
    old = make_proposal(title="Fler lekplatser i Hyllie centrum")
    old.published_at = utcnow() - timedelta(days=800)
    new = make_proposal(state="submitted", title="Lekplatser i Hyllie behövs")
    found = likely_duplicates(new)
    assert recent in found and old not in found


def test_reports_hide_at_threshold_and_moderator_restores(db, client, auth, make_user, make_proposal, reasons):
    p = make_proposal()
    for _ in range(3):  # anonymous reports reach the moderators but do not count towards hiding
        client.post(f"/moderation/report/proposal/{p.id}", data={"reason_id": reasons["offensive"].id})
    assert not p.hidden
    for i in range(3):
        auth.login(make_user())
        client.post(f"/moderation/report/proposal/{p.id}", data={"reason_id": reasons["offensive"].id})
        client.post(f"/moderation/report/proposal/{p.id}", data={"reason_id": reasons["offensive"].id})  # twice
        auth.logout()
        assert p.hidden == (i == 2)
    assert p.hidden and p.state.value == "published"
    assert p.title not in client.get("/proposals/").text
    assert "Dold" in client.get(f"/proposals/{p.id}").text or "Hidden" in client.get(f"/proposals/{p.id}").text
    mod = make_user(roles=["moderator"])
    auth.login(mod)
    assert p.title in client.get("/moderation/").text
    client.post(f"/moderation/{p.id}/restore")
    assert not p.hidden
    client.post(f"/moderation/{p.id}/hide", data={"hide-reason_id": reasons["personal-data"].id,
                                                   "hide-note": "Namnet på grannen."})
    assert p.hidden and p.hidden_reason == "Namnet på grannen."
    auth.logout()
    public_page = client.get(f"/proposals/{p.id}").text
    assert "Dold av moderator: Innehåller namn eller andra personuppgifter om tredje person. Namnet på grannen." \
        in public_page
    assert p.title not in public_page and p.summary not in public_page
    client.get("/language/ar")
    from flask_babel import refresh
    refresh()  # the test's app context caches the locale of the first request
    assert "أخفاه المشرف: يحتوي على أسماء" in client.get(f"/proposals/{p.id}").text
    subjects = [m["template"] for m in _mails(db, p.author.email)]
    assert {"content_hidden", "content_restored"} <= set(subjects)


def test_report_threshold_is_a_setting(db, make_user, make_proposal, reasons):
    from portal.admin.operations import save_settings
    from portal.moderation.operations import report
    save_settings(make_user(roles=["admin"]), {"report_threshold": 1})
    p = make_proposal()
    assert report("proposal", p.id, make_user(), reasons["offensive"]) and p.hidden


def test_block_keeps_pending_content_in_review(db, client, auth, make_user, make_proposal):
    author = make_user()
    p = make_proposal(state="submitted", author=author)
    auth.login(make_user(roles=["moderator"]))
    client.post(f"/moderation/users/{author.id}/block", data={"note": "spam"})
    assert author.is_blocked and not author.is_active
    r = client.get("/moderation/")
    assert p.title in r.text and "Blockerat konto" in r.text or "Blocked account" in r.text
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.block")).after["pending"] == 1


def test_audit_entries_refuse_bulk_update_and_delete(db, make_user):
    from sqlalchemy import delete, update
    from portal.audit import record
    record(make_user(), "test.action", "thing", 1)
    db.session.flush()
    with pytest.raises(AuditImmutable):
        db.session.execute(update(AuditEntry).values(action="x"))
    with pytest.raises(AuditImmutable):
        db.session.execute(delete(AuditEntry))


def test_audit_entries_cannot_be_changed(db, make_user):
    from portal.audit import record
    e = record(make_user(), "test.action", "thing", 1, {"a": 1}, {"a": 2})
    db.session.flush()
    e.action = "changed"
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()
    e2 = record(None, "test.action", "thing", 2, None, None)
    db.session.flush()
    db.session.delete(e2)
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()


def test_admin_edits_board_roles_settings_and_searches_audit(db, client, auth, make_user):
    from portal.profile.models import Board
    admin = make_user(roles=["admin"])
    officer = make_user()
    auth.login(admin)
    board = db.session.scalar(db.select(Board).where(Board.slug == "tekniska"))
    r = client.post(f"/admin/boards/{board.id}", data={"slug": "tekniska", "name_sv": "Tekniska nämnden",
                                                       "name_en": "Technical Board", "name_ar": "اللجنة الفنية",
                                                       "inbox_email": "tn@malmo.se", "officers": officer.email})
    assert r.status_code == 302 and board.inbox_email == "tn@malmo.se" and board in officer.boards
    client.post(f"/admin/people/{officer.id}", data={"roles": ["moderator"]})
    assert {r.value for r in officer.roles} == {"moderator"}
    client.post("/admin/settings", data={"support_threshold": 50, "support_durations": "3, 6",
                                         "accept_within_days": 5, "consultation_days": 15,
                                         "deadline_warning_days": 2, "case_due_months": 12,
                                         "holidays": "2026-12-24\n2026-12-25", "report_threshold": 3,
                                         "retention_unconfirmed_days": 30, "retention_mail_days": 90,
                                         "retention_report_days": 180, "retention_audit_address_days": 90,
                                         "comments_premoderated": 1,
                                         "comment_edit_minutes": 10, "attachments_max_files": 3,
                                         "attachment_max_mb": 5, "attachments_max_links": 5,
                                         "follow_up_within_days": 30})
    from portal.admin.settings import add_working_days, get_setting
    from datetime import date
    assert get_setting("support_threshold") == 50 and get_setting("support_durations") == [3, 6]
    assert get_setting("comments_premoderated") == 1 and get_setting("comment_edit_minutes") == 10
    assert add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)
    r = client.get("/admin/audit?action=setting")
    assert "support_threshold" in r.text and "user.roles" not in r.text
    assert "user.roles" in client.get(f"/admin/audit?actor={admin.display_name}").text


def test_support_threshold_comes_from_settings(db, make_user, make_proposal):
    from portal.admin.operations import save_settings
    save_settings(make_user(roles=["admin"]), {"support_threshold": 7})
    assert make_proposal().support_threshold == 7


def test_ruleset_validate_dry_run_activate(db, client, auth, make_user, make_proposal):
    from importlib import resources
    from portal.profile.operations import active_ruleset
    text = resources.files("routing").joinpath("rulesets/malmo.yaml").read_text(encoding="utf-8")
    make_proposal(title="Säker cykelväg till skolan")
    auth.login(make_user(roles=["admin"]))
    r = client.post("/admin/rulesets", data={"text": "boards: [", "action": "validate"})
    assert r.status_code == 400 and "rule set:" in r.text
    broken = text.replace("boards: [tekniska]", "boards: [okänd]", 1)
    r = client.post("/admin/rulesets", data={"text": broken, "action": "validate"})
    assert r.status_code == 400 and "okänd" in r.text
    draft = text.replace("min_score: 2", "min_score: 999", 1)
    r = client.post("/admin/rulesets", data={"text": draft, "action": "dry-run", "sample": 50})
    assert r.status_code == 200 and "Säker cykelväg till skolan" in r.text
    client.post("/admin/rulesets", data={"text": draft, "action": "activate"})
    version = active_ruleset().version
    assert "+db1." in version
    import routing
    decision = routing.route(routing.ProposalInput(title="Cykelväg", body="cykelväg"), active_ruleset())
    assert decision.ruleset_version == version and decision.needs_triage  # the draft's min_score is in force
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "ruleset.activate")).after["version"] == version


def test_rejected_author_edits_and_resubmits(db, client, auth, make_user, make_proposal, reasons):
    author = make_user()
    p = make_proposal(state="submitted", author=author)
    from portal.moderation.operations import reject_with_reason
    reject_with_reason(p, make_user(roles=["moderator"]), reasons["personal-data"])
    db.session.commit()
    auth.login(author)
    page = client.get(f"/proposals/{p.id}").text
    assert "personuppgifter om tredje person" in page
    client.post(f"/proposals/{p.id}/edit", data={"title": "Ny rubrik utan namn", "summary": "Kort.",
                                                 "body": "Text.", "duration_months": "3", "action": "save",
                                                 "topic_ids": [str(p.topics[0].id)]})
    client.post(f"/proposals/{p.id}/submit")
    assert p.state.value == "submitted" and p.title == "Ny rubrik utan namn"


def test_ruleset_upload_and_audit_date_search(db, client, auth, make_user):
    import io
    from datetime import date, timedelta
    from importlib import resources
    text = resources.files("routing").joinpath("rulesets/malmo.yaml").read_text(encoding="utf-8")
    admin = make_user(roles=["admin"])
    auth.login(admin)
    r = client.post("/admin/rulesets", data={"text": "", "action": "activate",
                                             "upload": (io.BytesIO(text.encode()), "rules.yaml")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    today = date.today()
    assert "ruleset.activate" in client.get(f"/admin/audit?day_from={today - timedelta(days=1)}&day_to={today + timedelta(days=1)}").text
    assert "ruleset.activate" not in client.get(f"/admin/audit?day_to={today - timedelta(days=2)}").text


def test_profile_load_keeps_names_edited_by_the_administrator(db, make_user):
    from portal.admin.operations import save_board
    from portal.profile.models import Board
    from portal.profile.operations import active_ruleset, load_profile
    board = db.session.scalar(db.select(Board).where(Board.slug == "kultur"))
    save_board(make_user(roles=["admin"]), board, "kultur", {"sv": "Kulturnämnden i Malmö"}, None, [])
    load_profile(active_ruleset())  # `flask profile load` runs at every start
    assert board.names == {"sv": "Kulturnämnden i Malmö"}
    load_profile(active_ruleset(), overwrite_names=True)
    assert board.names["sv"] == "Kulturnämnden"
