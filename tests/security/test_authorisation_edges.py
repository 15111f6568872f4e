"""Authorisation edges: hidden content stays hidden on the report page; every moderation and
administration route checks its permission and, for changes, a recent login (table-driven over
the URL map, so a new route that forgets either fails here)."""
import time

import pytest
from flask import g

from portal.moderation import operations as mops
from portal.moderation.models import ModerationReason, ensure_default_reasons

# Routes under /admin or with a /moderation segment that are public on purpose, with the reason.
PUBLIC = {
    "moderation.report": "anyone may report published content; hidden content 404s (tested below)",
}


def _guarded_rules(app):
    rules = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not (path.startswith("/admin") or "/moderation" in path) or rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append((rule, method))
    return rules


def _url(app, rule):
    from werkzeug.routing import IntegerConverter
    values = {arg: 999999 if isinstance(rule._converters.get(arg), IntegerConverter) else "x"
              for arg in rule.arguments}
    values.update(rule.defaults or {})
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **values)


def _request(client, method, url):
    g.pop("_login_user", None)  # as a new request would: the user is loaded from the cookies
    return client.open(url, method=method)


def test_the_url_map_has_moderation_and_admin_routes(app):
    endpoints = {rule.endpoint for rule, _ in _guarded_rules(app)}
    # The table below is not empty by accident: these must be in it.
    assert {"moderation.publish", "moderation.block", "admin.person", "dialogues.moderate",
            "dialogues.hide_contribution", "dialogues.restore_contribution"} <= endpoints


def test_every_moderation_and_admin_route_refuses_residents_and_strangers(app, client, auth, make_user):
    resident = make_user()
    rules = _guarded_rules(app)
    for rule, method in rules:
        r = _request(client, method, _url(app, rule))
        assert r.status_code in (302, 401) and "/account/login" in r.headers.get("Location", ""), (rule, method)
    auth.login(resident)
    for rule, method in rules:
        r = _request(client, method, _url(app, rule))
        assert r.status_code == 403, (rule.rule, method, r.status_code)


def test_every_moderation_and_admin_change_needs_a_recent_login(app, client, auth, make_user):
    admin = make_user(roles=["admin"])  # an administrator holds every staff permission
    auth.login(admin)
    with client.session_transaction() as s:
        s["auth_at"] = time.time() - app.config["STAFF_REAUTH_SECONDS"] - 5
    changes = [(rule, method) for rule, method in _guarded_rules(app) if method not in ("GET",)]
    assert len(changes) > 10
    for rule, method in changes:
        r = _request(client, method, _url(app, rule))
        assert r.status_code == 302 and "/account/confirm-identity" in r.headers["Location"], \
            (rule.rule, method, r.status_code, r.headers.get("Location"))


@pytest.fixture
def reason(db):
    ensure_default_reasons()
    return db.session.scalars(db.select(ModerationReason)).first()


def test_report_page_of_hidden_proposal_is_404(db, client, make_user, make_proposal, reason):
    p = make_proposal(title="Grannen Anna Andersson på Storgatan 5 spelar hög musik")
    assert client.get(f"/moderation/report/proposal/{p.id}").status_code == 200
    mops.hide(p, make_user(roles=["moderator"]), reason, "")
    db.session.commit()
    r = client.get(f"/moderation/report/proposal/{p.id}")
    assert r.status_code == 404 and "Anna Andersson" not in r.text
    r = client.post(f"/moderation/report/proposal/{p.id}", data={"reason_id": reason.id})
    assert r.status_code == 404 and "Anna Andersson" not in r.text
