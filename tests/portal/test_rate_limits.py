"""Rate limits: a clear page in the resident's language, with Retry-After, per IP and per account."""
import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app

pytestmark = pytest.mark.no_db_rollback


@pytest.fixture
def limited_app(tmp_path_factory):
    url = database_url(tmp_path_factory, "limits")
    app = make_app(url, RATELIMIT_ENABLED=True)
    build_schema(app)
    yield app
    from portal.extensions import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_schema(url)


def test_login_is_limited_with_retry_after(limited_app):
    client = limited_app.test_client()
    statuses = [client.post("/account/login", data={"email": f"x{i}@example.se", "password": "fel"},
                            headers={"Accept-Language": "sv"}).status_code for i in range(7)]
    assert statuses[:5] == [200] * 5
    r = client.post("/account/login", data={"email": "y@example.se", "password": "fel"}, headers={"Accept-Language": "sv"})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0
    assert "För många försök" in r.text or "För många" in r.text


def test_login_is_limited_per_account_across_addresses(limited_app):
    """Guessing one account's password from many IP addresses is limited too."""
    client = limited_app.test_client()
    codes = []
    for i in range(12):
        r = client.post("/account/login", data={"email": "target@example.se", "password": f"guess{i}"},
                        environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"})
        codes.append(r.status_code)
    assert 429 in codes
    assert codes.index(429) <= 10


def _registration(i: int, **changes) -> dict:
    data = {"email": f"ny{i}@example.se", "display_name": f"Ny {i}", "password": "ett långt lösenord",
            "confirm": "ett långt lösenord", "accept": "y"}
    data.update(changes)
    return data


def test_registration_counts_only_completed_registrations(limited_app):
    """Two mistakes and a correction are not refused; the fourth account in a minute is."""
    client = limited_app.test_client()
    assert client.post("/account/register", data=_registration(1, confirm="annat")).status_code == 200
    assert client.post("/account/register", data=_registration(1, email="fel")).status_code == 200
    assert client.post("/account/register", data=_registration(1, accept="")).status_code == 200
    done = [client.post("/account/register", data=_registration(i)) for i in (1, 2, 3)]
    assert [r.status_code for r in done] == [200, 200, 200]
    assert all("ny" in r.text for r in done)
    assert client.post("/account/register", data=_registration(4)).status_code == 429
