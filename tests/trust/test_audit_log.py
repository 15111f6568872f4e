"""The audit log reads as a table: who, what, which object, readable changes, when; paged; CSV export."""
import csv
import io
import re

from portal.audit import record


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_entries_read_as_words_not_codes_and_json(db, client, auth, make_user):
    admin = make_user(roles=["admin"], name="Ali Admin")
    record(admin, "assignment.decline", "assignment", 7,
           {"state": "new", "board": "grundskola", "boards": ["tekniska", "grundskola"]},
           {"state": "declined", "board": "grundskola", "reason": "Gäller inte skolan.", "suggested": "kultur",
            "boards": ["tekniska", "kultur"]})
    record(admin, "case.decide", "case", 3, {"state": "consultation"},
           {"state": "decided", "meeting_date": "2026-11-30", "minute_ref": "§ 112"})
    db.session.commit()
    auth.login(admin)
    body = client.get("/admin/audit").get_data(as_text=True)
    text = _text(body)
    assert "\\u00" not in body and '{"state"' not in body
    assert "Ärendet avböjt av en nämnd" in text
    assert "Nämnder: Tekniska nämnden, Grundskolenämnden → Tekniska nämnden, Kulturnämnden" in text, text
    assert "Föreslagen nämnd: – → Kulturnämnden" in text
    assert re.search(r"Datum för sammanträdet: – → 30 november 2026", text), text
    assert "Skicka vidare" not in text
    assert f'href="/handling/cases/3"' in body  # the object links to its page
    assert "Grundskolenämnden → Grundskolenämnden" not in text  # unchanged fields are left out


def test_the_log_pages_and_filters_and_keeps_the_filter_on_each_page(db, client, auth, make_user):
    admin = make_user(roles=["admin"])
    for i in range(55):
        record(admin, "setting.change", "setting", "support_threshold", {"value": i}, {"value": i + 1})
    record(admin, "user.block", "user", admin.id, {"blocked": False}, {"blocked": True})
    db.session.commit()
    auth.login(admin)
    first = client.get("/admin/audit?action=setting").get_data(as_text=True)
    assert "Sida 1 av 2" in first and "Spärrat konto" not in _text(first)
    assert 'href="/admin/audit?page=2&amp;action=setting"' in first
    second = client.get("/admin/audit?action=setting&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and "Sida 2 av 2" in second


def test_csv_export_has_the_filtered_entries_readable_and_raw(db, client, auth, make_user):
    admin = make_user(roles=["admin"], name="Ali Admin")
    record(admin, "topic.save", "topic", 4, {"names": {"sv": "Parker"}}, {"names": {"sv": "Parker och grönområden"}})
    record(admin, "user.block", "user", 9, {"blocked": False}, {"blocked": True})
    db.session.commit()
    auth.login(admin)
    body = client.get("/admin/audit").get_data(as_text=True)
    assert 'href="/admin/audit.csv"' in body
    r = client.get("/admin/audit.csv?action=topic")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 1
    row = rows[0]
    assert row["who"] == "Ali Admin" and row["action"] == "topic.save" and row["what"] == "Ämne sparat"
    assert "Parker och grönområden" in row["after"] and "\\u" not in row["after"]
    assert "sv: Parker → sv: Parker och grönområden" in row["changes"]


def test_only_administrators_export_the_log(db, client, auth, make_user):
    auth.login(make_user(roles=["moderator"]))
    assert client.get("/admin/audit.csv").status_code == 403


def test_administrators_see_the_client_address_on_the_page_and_in_the_csv(app, db, client, auth, make_user):
    admin = make_user(roles=["admin"], name="Ali Admin")
    with app.test_request_context("/admin/settings", method="POST", environ_base={"REMOTE_ADDR": "198.51.100.23"}):
        entry = record(admin, "topic.save", "topic", 4, None, {"slug": "parker"})
        # An entry without an actor is the system's: the request is someone else's (e.g. a reporter's).
        system = record(None, "proposal.hide_by_reports", "proposal", 5, None, {"hidden": True})
    db.session.commit()
    assert entry.client_address == "198.51.100.23" and system.client_address is None
    assert record(admin, "topic.save", "topic", 6).client_address is None  # no request: a command
    db.session.commit()
    auth.login(admin)
    text = _text(client.get("/admin/audit").get_data(as_text=True))
    assert "Klientadress" in text and "198.51.100.23" in text
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/audit.csv?action=topic").get_data(as_text=True))))
    assert [r["client_address"] for r in rows] == ["", "198.51.100.23"]
