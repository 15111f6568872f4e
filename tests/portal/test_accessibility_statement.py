"""The accessibility statement has the parts of the DOS law's model, and the administrator edits it."""
import re


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_statement_has_every_part_of_the_model(client):
    client.get("/language/en")
    body = client.get("/accessibility").get_data(as_text=True)
    text = _text(body)
    for heading in ["Compliance status", "Content that is not accessible", "How we assessed the website",
                    "Report a problem", "Supervision"]:
        assert f">{heading}</h2>" in body, heading
    assert "partially compliant" in text
    assert re.search(r"Latest assessment: December 4, 2026", text), text
    assert "tillganglighet@malmo.se" in text
    assert 'href="https://www.digg.se/tdosanmalan"' in body


def test_the_administrator_edits_problems_date_and_method(db, client, auth, make_user):
    from portal.admin.operations import save_settings
    admin = make_user(roles=["admin"])
    save_settings(admin, {"accessibility_known_problems": "Kartan saknar textalternativ.\nPDF:en om budgeten är inte taggad.",
                          "accessibility_assessed_on": "2026-11-20",
                          "accessibility_method": "Granskning av en extern konsult."})
    db.session.commit()
    text = _text(client.get("/accessibility").get_data(as_text=True))
    assert "Kartan saknar textalternativ." in text and "PDF:en om budgeten är inte taggad." in text
    assert "20 november 2026" in text and "Granskning av en extern konsult." in text
    auth.login(admin)
    r = client.post("/admin/settings", data={"support_threshold": 100, "support_durations": "3, 6, 9, 12",
                                              "accept_within_days": 5, "consultation_days": 20,
                                              "deadline_warning_days": 2, "case_due_months": 12, "holidays": "",
                                              "report_threshold": 3, "retention_unconfirmed_days": 30,
                                              "retention_mail_days": 90, "retention_report_days": 180,
                                              "accessibility_known_problems": "", "accessibility_assessed_on": "igår",
                                              "accessibility_method": ""})
    assert r.status_code != 302 and "igår" in r.get_data(as_text=True)  # refused, shown with the error
    from portal.admin.settings import get_setting
    assert get_setting("accessibility_assessed_on") == "2026-11-20"
