"""Staff with e-legitimation instead of the password (TOTP and re-authentication unchanged), the
administration's switches, and the population-register residency checker."""
from __future__ import annotations

import http.server
import json
import threading
import time

import pytest
from sqlalchemy import select

from portal.eid.identity import pin_hmac
from portal.eid.models import Person
from tests.totp import fresh_code

from .oidc import claims, pin

STAFF_PIN = pin("19700101", "555")


@pytest.fixture
def staff(db, make_user):
    user = make_user(roles=["moderator"], locale="en")
    person = Person(pin_hmac=pin_hmac(STAFF_PIN), birth_year=1970, resident=True)
    db.session.add(person)
    db.session.flush()
    user.person_id = person.id
    db.session.flush()
    return user


def test_staff_cannot_use_eid_unless_the_city_chooses_it(eid, client, staff):
    r = eid.login("bankid", "staff", claims(STAFF_PIN))
    assert r.status_code == 403 and "Personal loggar in med e-postadress och lösenord" in r.text
    assert client.get("/moderation/").status_code in (302, 401)


def test_staff_eid_login_replaces_the_password_not_the_code(eid, client, staff, setting):
    setting("staff_eid_login", True)
    r = eid.login("bankid", "staff", claims(STAFF_PIN))
    assert "/account/two-factor" in r.headers["Location"]
    assert "/account/two-factor" in client.get("/moderation/").headers["Location"]  # not in yet
    client.post("/account/two-factor", data={"code": fresh_code(staff.totp_secret)})
    assert client.get("/moderation/").status_code == 200


def test_staff_reauthenticate_with_eid_and_a_code(eid, app, client, auth, staff, make_proposal, setting):
    setting("staff_eid_login", True)
    p = make_proposal(state="submitted")
    auth.login(staff)
    with client.session_transaction() as s:
        s["auth_at"] = time.time() - app.config["STAFF_REAUTH_SECONDS"] - 5
    r = client.post(f"/moderation/{p.id}/publish")
    assert "/account/confirm-identity" in r.headers["Location"]
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Confirm with e-legitimation" in page and "purpose=reauth" in page
    # Someone else's e-legitimation does not confirm this account.
    r = eid.login("freja", "other", claims(pin("19600101")), purpose="reauth")
    assert r.status_code == 403
    r = eid.login("bankid", "staff", claims(STAFF_PIN), purpose="reauth", next=f"/moderation/{p.id}")
    assert "/account/two-factor" in r.headers["Location"]
    client.post("/account/two-factor", data={"code": fresh_code(staff.totp_secret)})
    client.post(f"/moderation/{p.id}/publish")
    assert p.state.value == "published"


def _settings_form(**changes) -> dict:
    from portal.admin.settings import SPECS, all_settings
    data = {}
    for spec in SPECS:
        value = all_settings()[spec.key]
        if spec.kind == "ints":
            value = ", ".join(str(v) for v in value)
        elif spec.kind == "dates":
            value = "\n".join(value)
        elif spec.kind == "bool":
            if not value:
                continue
            value = "y"
        data[spec.key] = value
    data.update(changes)
    return data


def test_residency_cannot_be_required_without_a_checker(app, client, auth, make_user, db):
    from portal.admin.settings import get_setting
    admin = make_user(roles=["admin"], locale="en")
    auth.login(admin)
    saved = app.config["RESIDENCY_CHECKER"]
    app.config["RESIDENCY_CHECKER"] = None
    try:
        page = client.get("/admin/settings").get_data(as_text=True)
        assert "No residency checker is configured" in page
        r = client.post("/admin/settings", data=_settings_form(residency_required="y"))
        assert r.status_code == 200 and "Residency cannot be required yet" in r.get_data(as_text=True)
        assert get_setting("residency_required") is False
    finally:
        app.config["RESIDENCY_CHECKER"] = saved
    r = client.post("/admin/settings", data=_settings_form(residency_required="y", support_requires="eid"))
    assert r.status_code == 302
    assert get_setting("residency_required") is True and get_setting("support_requires") == "eid"


class _Register(http.server.BaseHTTPRequestHandler):
    residents = set()
    seen = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((body, self.headers.get("Authorization")))
        answer = json.dumps({"resident": body["personalIdentityNumber"] in self.residents}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def test_residency_from_a_population_register_lookup(app, eid, client, db, setting):
    setting("residency_required", True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Register)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    resident = pin("19660606")
    _Register.residents = {resident}
    saved = {k: app.config[k] for k in ("RESIDENCY_CHECKER", "RESIDENCY_REGISTER_URL", "RESIDENCY_REGISTER_TOKEN")}
    app.config.update(RESIDENCY_CHECKER="register", RESIDENCY_REGISTER_URL=f"http://127.0.0.1:{server.server_port}/lookup",
                      RESIDENCY_REGISTER_TOKEN="register-token")
    try:
        eid.login("bankid", "in", claims(resident, municipality=None))
        client.post("/eid/welcome", data={"display_name": "Invånare"})
        eid.login("bankid", "out", claims(pin("19670707"), municipality=None))
        client.post("/eid/welcome", data={"display_name": "Besökare"})
    finally:
        app.config.update(saved)
        server.shutdown()
        server.server_close()
    assert {p.birth_year: p.resident for p in db.session.scalars(select(Person))} == {1966: True, 1967: False}
    assert _Register.seen[0] == ({"personalIdentityNumber": resident, "municipality": "1280"},
                                 "Bearer register-token")


def test_a_register_that_does_not_answer_leaves_residency_unknown(app, eid, client, db, free_port_number, setting):
    setting("residency_required", True)
    saved = {k: app.config[k] for k in ("RESIDENCY_CHECKER", "RESIDENCY_REGISTER_URL")}
    app.config.update(RESIDENCY_CHECKER="register", RESIDENCY_REGISTER_URL=f"http://127.0.0.1:{free_port_number}/")
    try:
        eid.login("bankid", "x", claims(pin("19680808"), municipality=None))
        client.post("/eid/welcome", data={"display_name": "X"})
    finally:
        app.config.update(saved)
    person = db.session.scalar(select(Person))
    assert person.resident is None and person.residency_checked_at is not None
