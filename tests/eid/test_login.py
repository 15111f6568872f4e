"""The whole e-legitimation flow against real provider processes: success and every refusal."""
from __future__ import annotations

import logging
import time

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.eid.models import Person

from .conftest import replace_param
from .oidc import claims, pin

ANNA = pin("19900101")


def _persons(db) -> int:
    return db.session.scalar(select(func.count(Person.id)))


def _logged_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_first_login_creates_an_account_that_stores_only_the_hmac_and_year(eid, client, db, app):
    r = eid.login("bankid", "anna", claims(ANNA))
    assert r.status_code == 302 and "/eid/welcome" in r.headers["Location"]
    assert _persons(db) == 0  # nothing is saved before the resident chooses a name
    r = client.post("/eid/welcome", data={"display_name": "Anna A"})
    assert r.status_code == 302
    person = db.session.scalar(select(Person))
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    assert user.display_name == "Anna A" and _logged_in(client)
    import hashlib
    import hmac
    assert person.pin_hmac == hmac.new(b"test-pin-key", ANNA.encode(), hashlib.sha256).hexdigest()
    assert person.birth_year == 1990 and person.resident is None  # residence not required: not asked
    assert person.loa == "http://id.elegnamnden.se/loa/1.0/loa3"
    # The number is nowhere in the row, nor its date part beyond the year.
    row = db.session.execute(select(Person.__table__)).one()
    assert not any(ANNA in str(v) or "19900101" in str(v) for v in row)

    # The next login finds the same account at once.
    client.post("/account/logout")
    assert not _logged_in(client)
    r = eid.login("bankid", "anna", claims(ANNA))
    assert r.status_code == 302 and "/eid/welcome" not in r.headers["Location"]
    assert _logged_in(client) and _persons(db) == 1


def test_same_person_through_two_brokers_is_one_identity(eid, client, db):
    eid.login("bankid", "anna-bankid", claims(ANNA))
    client.post("/eid/welcome", data={"display_name": "Anna"})
    client.post("/account/logout")
    r = eid.login("freja", "anna-freja-subject", claims(ANNA))  # another broker, another `sub`
    assert r.status_code == 302 and "/eid/welcome" not in r.headers["Location"]
    assert _persons(db) == 1
    assert db.session.scalar(select(func.count(User.id)).where(User.person_id.is_not(None))) == 1


def _refused(r, client, db, caplog, reason: str, status: int = 400):
    assert r.status_code == status
    assert "Nothing was saved" in r.get_data(as_text=True) or "Inget sparades" in r.get_data(as_text=True)
    assert _persons(db) == 0 and not _logged_in(client)
    assert reason in caplog.text, caplog.text


def test_wrong_state_is_refused(eid, client, db, caplog):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    path = eid.authorize("bankid", "anna", claims(ANNA))
    r = client.get(replace_param(path, "state", "forged-state"))
    _refused(r, client, db, caplog, "state does not match")


def test_callback_without_a_login_started_here_is_refused(eid, client, db, caplog, app):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    path = eid.authorize("bankid", "anna", claims(ANNA))
    other_browser = app.test_client()
    r = other_browser.get(path)
    assert r.status_code == 400 and _persons(db) == 0


def test_wrong_nonce_is_refused(eid, client, db, caplog):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    r = eid.login("bankid", "anna", claims(ANNA), tamper=lambda url: replace_param(url, "nonce", "another-nonce"))
    _refused(r, client, db, caplog, "nonce")


def test_expired_token_is_refused(eid, client, db, caplog):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    now = int(time.time())
    r = eid.login("bankid", "anna", claims(ANNA, exp=now - 600, iat=now - 4200))
    _refused(r, client, db, caplog, "ExpiredTokenError")


def test_wrong_audience_is_refused(eid, client, db, caplog):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    # azp names this portal, so only the audience check itself can refuse it.
    r = eid.login("bankid", "anna", claims(ANNA, aud=["another-service"], azp="dialogportal-bankid"))
    _refused(r, client, db, caplog, "Invalid claim: 'aud'")


def test_token_signed_by_another_key_is_refused(eid, client, db, caplog):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    r = eid.login("evil", "anna", claims(ANNA))
    _refused(r, client, db, caplog, "id token rejected: BadSignatureError")


def test_missing_number_or_low_assurance_is_refused(eid, client, db):
    r = eid.login("bankid", "anna", claims(ANNA, acr="http://id.elegnamnden.se/loa/1.0/loa2"))
    assert r.status_code == 400 and _persons(db) == 0 and not _logged_in(client)
    r = eid.login("bankid", "bert", {"acr": "http://id.elegnamnden.se/loa/1.0/loa3"})
    assert r.status_code == 400 and _persons(db) == 0
    r = eid.login("bankid", "cecilia", claims(ANNA[:-1] + str((int(ANNA[-1]) + 1) % 10)))  # wrong check digit
    assert r.status_code == 400 and _persons(db) == 0


def test_provider_down_at_start_gives_a_clear_message(client, db, caplog):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    r = client.get("/eid/start/down?purpose=login")
    assert r.status_code == 503
    assert "Down" in r.get_data(as_text=True)
    _refused(r, client, db, caplog, "discovery failed", status=503)


def test_provider_down_before_the_token_is_fetched_saves_nothing(eid, client, db, caplog, providers):
    caplog.set_level(logging.WARNING, "portal.eid.views")
    flaky = providers["flaky"].start()
    try:
        path = eid.authorize("flaky", "anna", claims(ANNA))
    finally:
        flaky.stop()
    r = client.get(path)
    _refused(r, client, db, caplog, "broker unreachable", status=503)


def test_authorization_request_follows_the_swedish_profile(client):
    from urllib.parse import parse_qs, urlsplit
    r = client.get("/eid/start/bankid?purpose=login")
    query = parse_qs(urlsplit(r.headers["Location"]).query)
    assert query["scope"] == ["openid https://id.oidc.se/scope/naturalPersonNumber"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["response_type"] == ["code"]
    assert query["acr_values"][0].startswith("http://id.elegnamnden.se/loa/1.0/loa3")
    assert query["redirect_uri"] == ["http://localhost/eid/callback/bankid"]


def test_login_page_lists_the_brokers(client):
    html = client.get("/account/login").get_data(as_text=True)
    assert "BankID" in html and "Freja eID" in html and 'href="/eid/start/bankid?purpose=login"' in html


def test_redirect_url_from_the_configured_public_address(app, client):
    from urllib.parse import parse_qs, urlsplit
    app.config["EID_REDIRECT_BASE"] = "https://dialog.example.se/"
    try:
        r = client.get("/eid/start/bankid?purpose=login")
    finally:
        app.config["EID_REDIRECT_BASE"] = None
    query = parse_qs(urlsplit(r.headers["Location"]).query)
    assert query["redirect_uri"] == ["https://dialog.example.se/eid/callback/bankid"]
