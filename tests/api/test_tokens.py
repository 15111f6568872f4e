"""Personal API tokens: created on the account page and shown once, stored hashed, scoped, revoked;
writes follow the web's rules and moderation; staff tokens read their boards' cases."""
import hashlib

import pytest

from portal.api.models import ApiToken
from portal.api.operations import create_token


@pytest.fixture
def token_for(db):
    def _make(user, scopes=("proposals:write", "supports:write")):
        _t, secret = create_token(user, "Min app", list(scopes))
        db.session.commit()
        return {"Authorization": f"Bearer {secret}"}
    return _make


PROPOSAL = {"title": "Fler papperskorgar vid stranden", "summary": "Det blir skräpigt på sommaren.",
            "body": "Sätt upp **fler** papperskorgar vid Ribersborg.", "district": "oxie", "topics": ["cykel"],
            "duration_months": 3}


def test_token_is_created_on_the_account_page_shown_once_and_stored_hashed(client, auth, db, make_user):
    user = make_user()
    auth.login(user)
    page = client.get("/account/").get_data(as_text=True)
    assert 'action="/api/v1/tokens"' in page and "cases:read" not in page
    resp = client.post("/api/v1/tokens", data={"name": "Min app", "scopes": ["supports:write"]})
    assert resp.status_code == 201 and resp.headers["Cache-Control"] == "no-store"
    html = resp.get_data(as_text=True)
    secret = html.split('readonly value="')[1].split('"')[0]
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in str(token.__dict__)
    assert token.scopes == ["supports:write"]
    assert secret not in client.get("/account/").get_data(as_text=True)
    client.post(f"/api/v1/tokens/{token.id}/revoke")
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert client.put("/api/v1/proposals/1/support", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_residents_cannot_give_a_token_staff_scopes(client, auth, make_user, db):
    auth.login(make_user())
    client.post("/api/v1/tokens", data={"name": "x", "scopes": ["cases:read"]})
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0


def test_submit_goes_to_moderation_like_the_web_form(client, db, make_user, token_for):
    user = make_user()
    headers = token_for(user)
    resp = client.post("/api/v1/proposals", json=PROPOSAL, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["state"] == "submitted"
    assert client.get(f"/api/v1/proposals/{body['id']}").status_code == 404  # not public before moderation
    bad = client.post("/api/v1/proposals", json={**PROPOSAL, "topics": ["narnia"]}, headers=headers)
    assert bad.status_code == 422 and bad.get_json()["invalid-params"][0]["name"] == "topics"
    extra = client.post("/api/v1/proposals", json={**PROPOSAL, "author_id": 1}, headers=headers)
    assert extra.status_code == 400 and extra.get_json()["invalid-params"][0]["name"] == "author_id"
    long = client.post("/api/v1/proposals", json={**PROPOSAL, "title": "x" * 121}, headers=headers)
    assert long.status_code == 400 and long.get_json()["invalid-params"][0]["name"] == "title"


def test_unconfirmed_residents_cannot_submit_or_support(client, db, make_user, make_proposal, token_for):
    headers = token_for(make_user(confirmed=False))
    assert client.post("/api/v1/proposals", json=PROPOSAL, headers=headers).status_code == 403
    p = make_proposal()
    db.session.commit()
    assert client.put(f"/api/v1/proposals/{p.id}/support", headers=headers).status_code == 403


def test_support_and_unsupport(client, db, make_user, make_proposal, token_for):
    p = make_proposal()
    headers = token_for(make_user())
    first = client.put(f"/api/v1/proposals/{p.id}/support", headers=headers).get_json()
    again = client.put(f"/api/v1/proposals/{p.id}/support", headers=headers).get_json()
    assert (first["changed"], again["changed"], again["support_count"]) == (True, False, 1)
    back = client.delete(f"/api/v1/proposals/{p.id}/support", headers=headers).get_json()
    assert back["changed"] is True and back["support_count"] == 0


def test_support_with_the_name_shown(client, db, make_user, make_proposal, token_for):
    from portal.proposals.models import Support
    p = make_proposal()
    headers = token_for(make_user(name="Api Alias"))
    bad = client.put(f"/api/v1/proposals/{p.id}/support?show=alias", headers=headers)
    assert bad.status_code == 400 and bad.get_json()["invalid-params"][0]["name"] == "alias"
    assert client.put(f"/api/v1/proposals/{p.id}/support?show=loud", headers=headers).status_code == 400
    ok = client.put(f"/api/v1/proposals/{p.id}/support?show=alias&alias=Grannen", headers=headers)
    assert ok.status_code == 200 and ok.get_json()["changed"] is True
    row = db.session.scalar(db.select(Support).where(Support.proposal_id == p.id))
    assert row.shown is True and row.alias == "Grannen"


def test_scope_and_token_are_checked(client, db, make_user, make_proposal, token_for):
    p = make_proposal()
    headers = token_for(make_user(), scopes=["proposals:write"])
    resp = client.put(f"/api/v1/proposals/{p.id}/support", headers=headers)
    assert resp.status_code == 403 and resp.get_json()["type"].endswith("problem-forbidden")
    resp = client.put(f"/api/v1/proposals/{p.id}/support", headers={"Authorization": "Bearer dp_wrong"})
    assert resp.status_code == 401 and resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.post("/api/v1/proposals", json=PROPOSAL).status_code == 401


def test_staff_token_reads_the_cases_of_their_boards_only(client, db, handled, staff, token_for):
    ours = handled()  # tekniska leads, grundskola is consulted
    theirs = handled(title="Ny konsthall i Fosie", body="Kultur och konst för alla.", topics=("kultur",),
                     district="fosie")
    headers = token_for(staff.grn, scopes=["cases:read"])
    body = client.get("/api/v1/cases", headers=headers).get_json()
    ids = [c["id"] for c in body["items"]]
    assert ours.id in ids and theirs.id not in ids
    resident = token_for(staff.resident, scopes=["supports:write"])
    assert client.get("/api/v1/cases", headers=resident).status_code == 403


@pytest.mark.no_db_rollback
def test_api_writes_are_rate_limited_per_token(tmp_path_factory):
    """The web form's limit (10 proposals an hour) holds per token; a second token has its own count."""
    from portal.extensions import db, limiter
    from tests.conftest import build_schema, database_url, drop_schema, make_app
    url = database_url(tmp_path_factory, "apilimits")
    app = make_app(url, RATELIMIT_ENABLED=True)
    try:
        build_schema(app)
        with app.app_context():
            from portal.accounts.models import User
            from portal.db import utcnow
            u = User(email="api-limited@example.se", display_name="L", locale="sv", email_confirmed_at=utcnow())
            u.set_password("correct horse battery")
            db.session.add(u)
            db.session.flush()
            secrets = [create_token(u, f"app {i}", ["proposals:write"])[1] for i in range(2)]
            db.session.commit()
        client = app.test_client()

        def send(secret, i):
            r = client.post("/api/v1/proposals", json={**PROPOSAL, "title": f"Förslag {i}"},
                            headers={"Authorization": f"Bearer {secret}"})
            r.close()
            return r.status_code

        codes = [send(secrets[0], i) for i in range(11)]
        assert codes == [201] * 10 + [429]
        assert send(secrets[1], 99) == 201
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_schema(url)
