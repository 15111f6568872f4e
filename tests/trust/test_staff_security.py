"""TOTP enrolment, recovery codes, session age, recent login, same answer for unknown addresses."""
import re
import time

from portal.accounts import twofactor as tf
from tests.totp import fresh_code


_nonce = re.compile(r'nonce="[^"]+"')


def test_enrolment_gives_single_use_recovery_codes(db, client, make_user):
    staff = make_user(roles=["moderator"])
    staff.totp_secret = None
    db.session.flush()
    client.post("/account/login", data={"email": staff.email, "password": "correct horse battery"})
    r = client.get("/account/two-factor")
    assert "otpauth://" in r.text
    with client.session_transaction() as s:
        secret = s["enrol_secret"]
    r = client.post("/account/two-factor", data={"code": fresh_code(secret)})
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", r.text)
    assert len(codes) == 10 and staff.totp_secret == secret
    assert tf.verify(staff, codes[0]) and not tf.verify(staff, codes[0])  # single use
    assert all(c not in str(staff.recovery_hashes) for c in codes)  # stored hashed


import re  # noqa: E402


def test_staff_session_expires_and_actions_need_recent_login(app, client, auth, make_user, make_proposal):
    mod = make_user(roles=["moderator"])
    p = make_proposal(state="submitted")
    auth.login(mod)
    with client.session_transaction() as s:
        s["auth_at"] = time.time() - app.config["STAFF_REAUTH_SECONDS"] - 5
    r = client.post(f"/moderation/{p.id}/publish")
    assert "/account/confirm-identity" in r.headers["Location"] and p.state.value == "submitted"
    client.post("/account/confirm-identity", data={"password": "correct horse battery",
                                                   "code": fresh_code(mod.totp_secret)})
    client.post(f"/moderation/{p.id}/publish")
    assert p.state.value == "published"
    with client.session_transaction() as s:
        s["auth_at"] = time.time() - app.config["STAFF_SESSION_SECONDS"] - 5
    r = client.get("/moderation/")
    assert "/account/login" in r.headers["Location"]


def test_staff_get_no_remember_cookie(client, make_user):
    staff = make_user(roles=["officer"])
    r = client.post("/account/login", data={"email": staff.email, "password": "correct horse battery",
                                            "remember": "y"})
    assert "remember_token" not in r.headers.get("Set-Cookie", "")


def test_login_and_reset_answer_the_same_for_unknown_addresses(client, make_user):
    user = make_user()
    known = client.post("/account/login", data={"email": user.email, "password": "wrong password!!"})
    unknown = client.post("/account/login", data={"email": "nobody@example.se", "password": "wrong password!!"})
    assert known.status_code == unknown.status_code == 200
    assert _nonce.sub("", known.text.replace(user.email, "X")) == _nonce.sub("", unknown.text.replace("nobody@example.se", "X"))
    a = client.post("/account/forgot", data={"email": user.email})
    b = client.post("/account/forgot", data={"email": "nobody@example.se"})
    assert _nonce.sub("", a.text.replace(user.email, "X")) == _nonce.sub("", b.text.replace("nobody@example.se", "X"))


def test_blocked_account_is_logged_out(db, client, auth, make_user, make_proposal):
    from portal.moderation import operations as mops
    user = make_user()
    auth.login(user)
    mops.block(user, make_user(roles=["moderator"]))
    db.session.commit()
    r = client.get("/account/")
    assert r.status_code == 302 and "/account/login" in r.headers["Location"]
    assert auth.login(user).status_code == 200  # the form again: refused


def test_admin_resets_two_step_login(db, client, auth, make_user):
    from portal.audit.models import AuditEntry
    officer = make_user(roles=["officer"])
    auth.login(make_user(roles=["admin"]))
    assert "Reset two-step login" in client.get(f"/admin/people/{officer.id}").text or \
        "Återställ inloggning i två steg" in client.get(f"/admin/people/{officer.id}").text
    client.post(f"/admin/people/{officer.id}/reset-two-factor")
    assert officer.totp_secret is None and officer.recovery_hashes is None
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.reset_two_factor"))


def test_a_totp_code_works_once(db, make_user):
    """A code seen on the wire or over a shoulder cannot be used again within its 30 seconds."""
    staff = make_user(roles=["moderator"])
    code = fresh_code(staff.totp_secret)
    assert tf.verify(staff, code)
    assert not tf.verify(staff, code)
    assert tf.verify(staff, fresh_code(staff.totp_secret))  # the next step's code works
    assert not tf.verify(staff, code)  # and an older step's code is refused after it


def test_the_spent_step_is_checked_in_the_database(db, make_user):
    """Two requests with the same code: the second finds the step spent in the row, not in memory."""
    from sqlalchemy import update

    from portal.accounts.models import User
    staff = make_user(roles=["moderator"])
    step = tf._matching_step(staff.totp_secret, fresh_code(staff.totp_secret))
    db.session.execute(update(User.__table__).where(User.__table__.c.id == staff.id).values(totp_last_step=step))
    assert staff.totp_last_step is None  # this copy has not seen the other request's write
    assert tf._spend_step(staff, step) is False
    assert tf._spend_step(staff, step + 1) is True and staff.totp_last_step == step + 1


def test_replayed_login_code_is_refused(client, make_user):
    staff = make_user(roles=["moderator"])
    code = fresh_code(staff.totp_secret)
    for attempt in range(2):
        client.post("/account/login", data={"email": staff.email, "password": "correct horse battery"})
        r = client.post("/account/two-factor", data={"code": code})
        if attempt == 0:
            assert r.status_code == 302
            client.post("/account/logout")
        else:
            assert r.status_code == 200 and "Koden är fel eller för gammal" in r.text  # the account is in Swedish
