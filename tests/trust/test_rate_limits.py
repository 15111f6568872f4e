"""Login throttling: a per-address limit and a growing per-account delay that never locks the owner
out (the session app runs with limits off, so these tests build their own app)."""
import re
import time

import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app
from tests.totp import fresh_code

PASSWORD = "correct horse battery"


@pytest.fixture
def limited(tmp_path_factory):
    from portal.extensions import db, limiter
    url = database_url(tmp_path_factory, "limits")
    app = make_app(url, RATELIMIT_ENABLED=True)
    build_schema(app)
    with app.app_context():
        from portal.accounts.models import Role, User
        import pyotp
        for email, staff in (("limited@example.se", False), ("staff@example.se", True)):
            u = User(email=email, display_name="L", locale="sv")
            u.set_password(PASSWORD)
            if staff:
                u.grant(Role.MODERATOR)
                u.totp_secret = pyotp.random_base32()
            db.session.add(u)
        db.session.commit()
        secret = db.session.scalar(db.select(User.totp_secret).where(User.email == "staff@example.se"))
    try:
        yield app, secret
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_schema(url)


def _attempt(client, email, ip, password="wrong password!!"):
    return client.post("/account/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip})


def _end_delay(app, email):
    """As if the delay had run out (without sleeping through it)."""
    from portal.accounts.lockout import _keys
    from portal.extensions import limiter
    with app.app_context():
        limiter.storage.clear(_keys(email)[1])


@pytest.mark.no_db_rollback
def test_strangers_cannot_lock_the_owner_out(limited):
    app, _secret = limited
    client = app.test_client()
    codes = [_attempt(client, "limited@example.se", f"10.0.0.{i}").status_code for i in range(10)]
    # Four free tries, the fifth starts a 1-second delay, and tries during it are refused unchecked.
    assert codes == [200] * 4 + [429] * 6
    owner = _attempt(client, "limited@example.se", "10.9.9.9", PASSWORD)
    assert owner.status_code == 429 and int(owner.headers["Retry-After"]) <= 60
    time.sleep(1.1)
    owner = _attempt(client, "limited@example.se", "10.9.9.9", PASSWORD)
    assert owner.status_code == 302  # in, after a second; before this change, after an hour


@pytest.mark.no_db_rollback
def test_the_delay_grows_to_a_ceiling_and_unknown_addresses_look_the_same(limited):
    app, _secret = limited
    client = app.test_client()
    for email in ("limited@example.se", "nobody@example.se"):
        waits = []
        for i in range(12):
            r = _attempt(client, email, f"10.1.{len(waits)}.{i}")
            if r.status_code == 429:
                # The page says how long (Retry-After also carries the per-address window's reset).
                waits.append(int(re.search(r"(\d+) (?:sekunder|seconds)", r.get_data(as_text=True)).group(1)))
                _end_delay(app, email)
        assert waits == [1, 2, 4, 8, 16, 32, 60, 60], (email, waits)


@pytest.mark.no_db_rollback
def test_correct_password_and_second_factor_get_in_during_the_delay(limited):
    app, secret = limited
    client = app.test_client()
    for i in range(8):
        _attempt(client, "staff@example.se", f"10.2.0.{i}")
    wrong = _attempt(client, "staff@example.se", "10.2.1.1")
    assert wrong.status_code == 429  # a wrong password waits
    # The right password alone is answered exactly like a wrong one: the delay is no password oracle.
    alone = _attempt(client, "staff@example.se", "10.2.1.2", PASSWORD)
    assert alone.status_code == 429 and "Location" not in alone.headers
    assert 'name="code"' in alone.get_data(as_text=True)  # the page asks for the code
    # A wrong code with the right password is refused like anything else during the delay.
    r = client.post("/account/login", data={"email": "staff@example.se", "password": PASSWORD, "code": "000000"},
                    environ_base={"REMOTE_ADDR": "10.2.1.3"})
    assert r.status_code == 429 and "Location" not in r.headers
    with_code = client.post("/account/login", data={"email": "staff@example.se", "password": PASSWORD,
                                                    "code": fresh_code(secret)},
                            environ_base={"REMOTE_ADDR": "10.2.1.4"})
    assert with_code.status_code == 302 and "/account/two-factor" not in with_code.headers["Location"]
    with client.session_transaction() as s:
        assert s["mfa_ok"] is True


@pytest.mark.no_db_rollback
def test_the_owners_own_browser_is_not_kept_out_by_a_stranger(limited):
    """A stranger renewing the delay every minute would keep the owner out for good: the browser the
    owner logged in with before carries a device cookie that skips the account's delay."""
    app, _secret = limited
    owner, stranger = app.test_client(), app.test_client()
    assert _attempt(owner, "limited@example.se", "10.4.0.1", PASSWORD).status_code == 302
    assert owner.get_cookie("login_device", path="/account/") is not None
    assert "login_device" in owner.get("/cookies").get_data(as_text=True)  # the cookie page says why
    owner.post("/account/logout", environ_base={"REMOTE_ADDR": "10.4.0.1"})
    codes = [_attempt(stranger, "limited@example.se", f"10.4.1.{i}").status_code for i in range(8)]
    assert codes[-1] == 429
    # The stranger's own client (no cookie for the account) still waits; the owner's browser does not.
    assert _attempt(stranger, "limited@example.se", "10.4.2.1", PASSWORD).status_code == 429
    assert _attempt(owner, "limited@example.se", "10.4.0.1", PASSWORD).status_code == 302
    # The owner's success did not give the stranger free tries again.
    assert _attempt(stranger, "limited@example.se", "10.4.2.2").status_code == 429


@pytest.mark.no_db_rollback
def test_a_device_cookie_is_no_key_for_other_accounts_and_wears_out(limited):
    app, _secret = limited
    device = app.test_client()
    assert _attempt(device, "limited@example.se", "10.5.0.1", PASSWORD).status_code == 302
    device.post("/account/logout", environ_base={"REMOTE_ADDR": "10.5.0.1"})
    # Another account's delay applies to this browser as to any other.
    for i in range(6):
        _attempt(device, "staff@example.se", f"10.5.1.{i}")
    assert _attempt(device, "staff@example.se", "10.5.2.1").status_code == 429
    # A forged or altered cookie is not trusted.
    forged = app.test_client()
    forged.set_cookie("login_device", device.get_cookie("login_device", path="/account/").value + "x",
                      path="/account/")
    for i in range(6):
        _attempt(app.test_client(), "limited@example.se", f"10.5.3.{i}")
    assert _attempt(forged, "limited@example.se", "10.5.4.1", PASSWORD).status_code == 429
    # Guessing from the trusted browser: its own five failures, then it waits like everyone else.
    codes = [_attempt(device, "limited@example.se", f"10.5.5.{i}").status_code for i in range(6)]
    assert codes == [200] * 5 + [429]
    assert _attempt(device, "limited@example.se", "10.5.6.1", PASSWORD).status_code == 429


@pytest.mark.no_db_rollback
def test_a_password_reset_lets_a_new_browser_in_during_the_delay(limited):
    from portal.accounts import operations as ops
    from portal.extensions import db
    app, _secret = limited
    for i in range(8):
        _attempt(app.test_client(), "limited@example.se", f"10.6.0.{i}")
    new_browser = app.test_client()
    assert _attempt(new_browser, "limited@example.se", "10.6.1.1", PASSWORD).status_code == 429
    with app.test_request_context():
        from portal.accounts.models import User
        user = db.session.scalar(db.select(User).where(User.email == "limited@example.se"))
        token = ops._serializer("reset").dumps({"uid": user.id, "fp": ops._password_fingerprint(user)})
    r = new_browser.post(f"/account/reset/{token}", data={"password": "a new long password", "confirm":
                                                          "a new long password"}, environ_base={"REMOTE_ADDR": "10.6.1.1"})
    assert r.status_code == 302
    assert _attempt(new_browser, "limited@example.se", "10.6.1.1", "a new long password").status_code == 302


@pytest.mark.no_db_rollback
def test_one_client_address_is_limited_whatever_the_account(limited):
    app, _secret = limited
    client = app.test_client()
    codes = [_attempt(client, f"person{i}@example.se", "10.3.0.1").status_code for i in range(6)]
    assert codes == [200] * 5 + [429]


@pytest.fixture
def proxied(tmp_path_factory, request):
    from portal.extensions import db, limiter
    url = database_url(tmp_path_factory, "proxies")
    app = make_app(url, RATELIMIT_ENABLED=True, TRUSTED_PROXIES=request.param)
    build_schema(app)
    try:
        yield app
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_schema(url)


def _via_proxy(client, forwarded_for):
    return client.post("/account/login", data={"email": f"p{time.time_ns()}@example.se", "password": "wrong!!"},
                       environ_base={"REMOTE_ADDR": "10.8.0.1"},
                       headers={"X-Forwarded-For": forwarded_for}).status_code


@pytest.mark.no_db_rollback
@pytest.mark.parametrize("proxied", [1], indirect=True)
def test_behind_one_trusted_proxy_each_client_has_its_own_limit(proxied):
    client = proxied.test_client()
    # Six different clients through the same proxy: none is limited by the others.
    assert [_via_proxy(client, f"192.0.2.{i}") for i in range(6)] == [200] * 6
    # One client that puts a fake address in front: the proxy's own entry (rightmost) counts.
    assert [_via_proxy(client, f"203.0.113.{i}, 198.51.100.7") for i in range(6)] == [200] * 5 + [429]


@pytest.mark.no_db_rollback
@pytest.mark.parametrize("proxied", [0], indirect=True)
def test_without_trusted_proxies_a_forwarded_header_is_ignored(proxied):
    client = proxied.test_client()
    assert [_via_proxy(client, f"192.0.2.{i}") for i in range(6)] == [200] * 5 + [429]


@pytest.mark.no_db_rollback
@pytest.mark.parametrize("proxied,recorded", [(1, "192.0.2.44"), (0, "10.8.0.1")], indirect=["proxied"])
def test_the_audit_log_and_the_limits_see_the_address_the_proxies_vouch_for(proxied, recorded):
    """Behind one trusted proxy the forwarded address is the client's, in the audit log and in the
    login limit; with none trusted the header is ignored and the proxy's own address counts."""
    from portal.accounts.models import User
    from portal.audit.models import AuditEntry
    from portal.extensions import db
    with proxied.app_context():
        user = User(email="proxied@example.se", display_name="P", locale="sv")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    client = proxied.test_client()
    through = {"environ_base": {"REMOTE_ADDR": "10.8.0.1"}, "headers": {"X-Forwarded-For": "192.0.2.44"}}
    assert client.post("/account/login", data={"email": "proxied@example.se", "password": PASSWORD},
                       **through).status_code == 302
    assert client.post("/api/v1/tokens", data={"name": "Min app", "scopes": ["supports:write"]},
                       **through).status_code == 201
    with proxied.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "api_token.create"))
        assert entry.client_address == recorded
    # The login limit counts the same address: four more attempts fill 192.0.2.44's minute (or the
    # proxy's, without trust), and the proxy's next client is refused only when nobody is trusted.
    assert [_via_proxy(client, "192.0.2.44") for _ in range(4)] == [200] * 4
    assert _via_proxy(client, "192.0.2.44") == 429
    assert _via_proxy(client, "192.0.2.45") == (200 if recorded == "192.0.2.44" else 429)
