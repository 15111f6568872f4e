"""Registration, confirmation, login, logout and password reset."""
import re
import time

import pytest

from portal.accounts.models import User
from portal.outbox.models import OutboxEntry


def last_mail(db, to):
    entry = db.session.scalars(db.select(OutboxEntry).where(OutboxEntry.kind == "email")
                               .order_by(OutboxEntry.id.desc())).first()
    assert entry is not None and entry.payload["to"] == to
    return entry.payload


def without_nonce(html):
    return re.sub(r'nonce="[^"]+"', "", html)


def link_in(body):
    return re.search(r"http://localhost(/\S+)", body).group(1)


REG = {"email": "ny@example.se", "display_name": "Ny Invånare", "password": "ett långt lösenord",
       "confirm": "ett långt lösenord", "accept": "y"}


def test_register_confirm_login_logout(client, db):
    r = client.post("/account/register", data=REG)
    assert r.status_code == 200 and "ny@example.se" in r.text
    user = db.session.scalar(db.select(User).where(User.email == "ny@example.se"))
    assert user.password_hash.startswith("$argon2")
    assert not user.is_confirmed
    mail = last_mail(db, "ny@example.se")
    r = client.get(link_in(mail["body"]))
    assert r.status_code == 302
    assert db.session.get(User, user.id).is_confirmed
    r = client.post("/account/login", data={"email": "NY@example.se", "password": "ett långt lösenord"})
    assert r.status_code == 302
    assert client.get("/account/").status_code == 200
    client.post("/account/logout")
    assert client.get("/account/").status_code == 302


def test_registration_answer_is_the_same_for_known_addresses(client, db, make_user):
    u = make_user(email="finns@example.se")
    r1 = client.post("/account/register", data={**REG, "email": "finns@example.se"})
    r2 = client.post("/account/register", data={**REG, "email": "finnsinte@example.se"})
    assert r1.status_code == r2.status_code == 200
    assert without_nonce(r1.text.replace("finns@", "X@")) == without_nonce(r2.text.replace("finnsinte@", "X@"))
    assert last_mail(db, "finnsinte@example.se")
    count = db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "finns@example.se"))
    assert count == 1 and u.display_name != "Ny Invånare"


def test_confirmation_link_expires(app, client, db):
    client.post("/account/register", data=REG)
    link = link_in(last_mail(db, "ny@example.se")["body"])
    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    try:
        r = client.get(link)
    finally:
        app.config["CONFIRM_TOKEN_MAX_AGE"] = 48 * 3600
    assert r.status_code == 400
    assert "expired" in r.text or "gått ut" in r.text


def test_tampered_confirmation_link_is_refused(client):
    assert client.get("/account/confirm/not-a-token").status_code == 400


def test_wrong_password_gives_a_field_error(client, make_user):
    u = make_user()
    r = client.post("/account/login", data={"email": u.email, "password": "fel"})
    assert r.status_code == 200
    assert 'id="error-summary"' in r.text and 'href="#password"' in r.text


def test_reset_link_works_once(client, db, make_user):
    u = make_user(email="glomsk@example.se")
    r = client.post("/account/forgot", data={"email": "glomsk@example.se"})
    assert r.status_code == 200
    link = link_in(last_mail(db, "glomsk@example.se")["body"])
    r = client.post(link, data={"password": "helt nytt lösenord", "confirm": "helt nytt lösenord"})
    assert r.status_code == 302
    assert db.session.get(User, u.id).check_password("helt nytt lösenord")
    assert client.get(link).status_code == 400  # used


def test_forgot_for_unknown_address_looks_the_same(client, db, make_user):
    make_user(email="known@example.se")
    a = client.post("/account/forgot", data={"email": "known@example.se"}).text
    b = client.post("/account/forgot", data={"email": "unknown@example.se"}).text
    assert without_nonce(a.replace("known@", "X@")) == without_nonce(b.replace("unknown@", "X@"))


@pytest.mark.parametrize("field,value,message", [
    ("email", "inte-en-adress", "valid e-mail"),
    ("password", "kort", "at least 10"),
    ("display_name", "x" * 61, "between 2 and 60"),
    ("confirm", "annat lösenord!", "not the same"),
])
def test_register_errors_keep_input(client, field, value, message):
    data = {**REG, field: value}
    if field == "password":
        data["confirm"] = value
    client.get("/language/en")
    r = client.post("/account/register", data=data)
    assert r.status_code == 200
    assert message in r.text
    if field != "password" and field != "confirm":
        assert value in r.text  # the resident's input is kept


def test_login_redirect_is_local_only(client, make_user):
    u = make_user()
    r = client.post("/account/login?next=https://evil.example/", data={"email": u.email, "password": "correct horse battery"})
    assert r.headers["Location"] == "/"
    client.post("/account/logout")
    r = client.post("/account/login?next=//evil.example/x", data={"email": u.email, "password": "correct horse battery"})
    assert r.headers["Location"] == "/"
    client.post("/account/logout")
    r = client.post("/account/login?next=/proposals/", data={"email": u.email, "password": "correct horse battery"})
    assert r.headers["Location"] == "/proposals/"
