"""Every handling route, called by every role: the server lets exactly the right people through."""
import pytest

ROLES = ("anonymous", "resident", "officer", "consulted_officer", "other_officer", "representative",
         "coordinator", "admin")
STAFF_ALL = {"coordinator", "admin"}
LEAD = {"officer"} | STAFF_ALL
ON_CASE = {"officer", "consulted_officer", "representative"} | STAFF_ALL
ALLOWED = {
    "handling.inbox": {"officer", "consulted_officer", "other_officer", "representative"} | STAFF_ALL,
    "handling.triage_queue": STAFF_ALL,
    "handling.overview": STAFF_ALL,
    "handling.case": ON_CASE,
    "handling.triage": STAFF_ALL,
    "handling.accept": LEAD,
    "handling.decline": LEAD,
    "handling.statement": LEAD,
    "handling.approve": LEAD,
    "handling.send": LEAD,
    "handling.consultation": LEAD,
    "handling.remind": LEAD,
    "handling.summary": LEAD,
    "handling.decision": LEAD,
    "handling.note": {"officer", "consulted_officer"} | STAFF_ALL,
    "handling.mail_preference": set(ROLES) - {"anonymous"},
    "handling.supporters_csv": ON_CASE,
    # Only for a granted case: the fresh cases walked here are not decided, so nobody gets through
    # (tests/handling/test_follow_up.py walks a granted one).
    "handling.follow_up": set(),
    "handling.follow_up_overview": STAFF_ALL,
}


def test_every_handling_route_is_in_the_table(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("handling.")}
    assert endpoints == set(ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_route_walk(app, client, auth, make_user, handled, role):
    users = {
        "resident": lambda: make_user(),
        "officer": lambda: make_user(roles=["officer"], boards=["tekniska"]),
        "consulted_officer": lambda: make_user(roles=["officer"], boards=["grundskola"]),
        "other_officer": lambda: make_user(roles=["officer"], boards=["kultur"]),
        "representative": lambda: make_user(roles=["representative"], boards=["tekniska"]),
        "coordinator": lambda: make_user(roles=["coordinator"]),
        "admin": lambda: make_user(roles=["admin"]),
    }
    if role != "anonymous":
        assert auth.login(users[role]()).status_code == 302
    allowed_seen = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("handling."):
            continue
        case = handled()  # a fresh joint case (tekniska leads, grundskola consulted) per route
        values = {}
        if "case_id" in rule.arguments:
            values["case_id"] = case.id
        if "assignment_id" in rule.arguments:
            values["assignment_id"] = case.lead.id
        with app.test_request_context():
            from flask import url_for
            url = url_for(rule.endpoint, **values)
        method = "POST" if "POST" in rule.methods else "GET"
        resp = client.open(url, method=method, data={})
        location = resp.headers.get("Location", "")
        resp.close()
        denied = resp.status_code in (401, 403, 404) or (resp.status_code == 302 and "/account/login" in location)
        assert resp.status_code < 500, (rule.endpoint, role, resp.status_code)
        if not denied:
            allowed_seen.add(rule.endpoint)
        assert (not denied) == (role in ALLOWED[rule.endpoint]), (rule.endpoint, role, resp.status_code, location)
    assert allowed_seen == {e for e, who in ALLOWED.items() if role in who}
