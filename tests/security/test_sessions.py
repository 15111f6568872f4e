"""Sessions that really end: logout, password reset, block and role removal end every copy of a
session and every remember-me cookie of the account; every login has an absolute lifetime."""
import time

from flask import g

from portal.accounts import operations as account_ops
from portal.admin import operations as admin_ops
from portal.moderation import operations as moderation_ops

PASSWORD = "correct horse battery"


def _copy(app, source, *names):
    """A second browser holding copies of `names` cookies from `source` (what a thief would copy)."""
    other = app.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        other.set_cookie(name, cookie.value)
    return other


def _logged_in(client) -> bool:
    # Tests share one app context, where Flask-Login caches the user in `g`; a real request starts
    # with an empty `g` and loads the user from its own cookies, as this does.
    g.pop("_login_user", None)
    return client.get("/account/").status_code == 200


def test_copied_session_cookie_ends_with_logout(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    thief = _copy(app, client, "session")
    assert _logged_in(thief)
    auth.logout()
    assert not _logged_in(client)
    assert not _logged_in(thief)


def test_remember_cookie_and_sessions_end_with_password_reset(app, client, make_user):
    user = make_user()
    client.post("/account/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = _copy(app, client, "remember_token")
    copied = _copy(app, client, "session")
    assert _logged_in(remembered) and _logged_in(copied)
    token = account_ops._serializer("reset").dumps({"uid": user.id, "fp": account_ops._password_fingerprint(user)})
    fresh = app.test_client()
    r = fresh.post(f"/account/reset/{token}", data={"password": "a new long password", "confirm":
                                                    "a new long password"}, follow_redirects=True)
    assert "du har loggats ut överallt" in r.text  # "you were logged out everywhere"
    for c in (client, remembered, copied):
        assert not _logged_in(c)
    fresh.post("/account/login", data={"email": user.email, "password": "a new long password"})
    assert _logged_in(fresh)


def test_block_ends_sessions_for_good(app, client, auth, make_user, db):
    user = make_user()
    auth.login(user)
    copied = _copy(app, client, "session")
    moderator = make_user(roles=["moderator"])
    moderation_ops.block(user, moderator)
    db.session.commit()
    assert not _logged_in(copied)
    moderation_ops.unblock(user, moderator)
    db.session.commit()
    assert not _logged_in(copied)  # unblocking does not bring an old session back


def test_role_removal_ends_the_staff_members_sessions(app, client, auth, make_user, db):
    officer = make_user(roles=["officer"], boards=["tekniska"])
    admin = make_user(roles=["admin"])
    auth.login(officer)
    assert _logged_in(client)
    admin_ops.set_roles(admin, officer, set(), set())
    db.session.commit()
    assert not _logged_in(client)


def test_granting_a_role_keeps_sessions(app, client, auth, make_user, db):
    from portal.accounts.models import Role
    user = make_user()
    admin = make_user(roles=["admin"])
    auth.login(user)
    admin_ops.set_roles(admin, user, {Role.MODERATOR}, set())
    db.session.commit()
    with client.session_transaction() as s:
        s["mfa_ok"] = True  # the new moderator's second factor is not what this test is about
    assert _logged_in(client)


def test_resident_session_has_an_absolute_lifetime(app, client, make_user, monkeypatch):
    import portal.accounts.sessions as sessions
    user = make_user()
    client.post("/account/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = _copy(app, client, "remember_token")
    assert _logged_in(client) and _logged_in(remembered)
    later = time.time() + app.config["SESSION_MAX_SECONDS"] + 5

    class Later:
        @staticmethod
        def time():
            return later
    monkeypatch.setattr(sessions, "time", Later)
    assert not _logged_in(client)
    assert not _logged_in(remembered)


def test_a_session_without_a_version_is_refused(app, client, make_user):
    user = make_user()
    with client.session_transaction() as s:
        s["_user_id"] = str(user.id)  # the format before session versions
    assert not _logged_in(client)


def test_changing_the_password_logs_out_everywhere_else(app, client, make_user):
    user = make_user()
    client.post("/account/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    other_device = _copy(app, client, "session")
    remembered = _copy(app, client, "remember_token")
    assert 'href="/account/password"' in client.get("/account/").text
    wrong = client.post("/account/password", data={"current": "not my password", "password": "a new long password",
                                                   "confirm": "a new long password"})
    assert wrong.status_code == 400 and _logged_in(other_device)
    r = client.post("/account/password", data={"current": PASSWORD, "password": "a new long password",
                                               "confirm": "a new long password"}, follow_redirects=True)
    assert "utloggad överallt" in r.text or "loggats ut överallt" in r.text  # "logged out everywhere"
    assert _logged_in(client)  # this browser carries on
    assert not _logged_in(other_device) and not _logged_in(remembered)


def test_resetting_two_factor_ends_the_staff_members_sessions(app, client, auth, make_user, db):
    officer = make_user(roles=["officer"], boards=["tekniska"])
    auth.login(officer)
    assert _logged_in(client)
    admin_ops.reset_two_factor(make_user(roles=["admin"]), officer)
    db.session.commit()
    assert not _logged_in(client)
