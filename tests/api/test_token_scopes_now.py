"""A token's scopes are re-checked against what its owner may do now, on every request."""
from flask import g

from portal.accounts.models import Role
from portal.admin import operations as admin_ops
from portal.api.operations import create_token


def test_staff_token_stops_reading_cases_when_the_role_is_removed(client, db, make_user):
    officer = make_user(roles=["officer"], boards=["tekniska"])
    admin = make_user(roles=["admin"])
    _t, secret = create_token(officer, "Ärendelista", ["cases:read", "supports:write"])
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    admin_ops.set_roles(admin, officer, set(), set())
    db.session.commit()
    g.pop("_login_user", None)
    r = client.get("/api/v1/cases", headers=headers)
    assert r.status_code == 403 and r.mimetype == "application/problem+json"
    assert "cases:read" in r.get_json()["detail"]
    # What a resident may do still works with the same token.
    assert client.put("/api/v1/proposals/999999/support", headers=headers).status_code == 404
    # Given the role back, the token works again: nothing was revoked, only checked.
    admin_ops.set_roles(admin, officer, {Role.OFFICER}, set())
    db.session.commit()
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
