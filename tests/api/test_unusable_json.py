"""Any body the API cannot use gets a 400 (or 422) problem+json, never a 500: deep nesting,
broken JSON, arbitrary JSON values (property-based, over every write operation)."""
import json

import pytest
from flask import g
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.api.operations import create_token

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20)
# Objects shaped like a proposal, with arbitrary values, reach the validation behind the parser.
PROPOSALISH = st.fixed_dictionaries({}, optional={
    "title": JSON, "summary": JSON, "body": JSON, "district": JSON, "topics": JSON, "duration_months": JSON,
    "extra": JSON})


@pytest.fixture
def headers(db, make_user, make_proposal):
    user = make_user()
    _t, secret = create_token(user, "Fuzz", ["proposals:write", "supports:write"])
    proposal = make_proposal()
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}, proposal.id


def _writes(proposal_id):
    return [("POST", "/api/v1/proposals"), ("PUT", f"/api/v1/proposals/{proposal_id}/support"),
            ("DELETE", f"/api/v1/proposals/{proposal_id}/support")]


def _check(client, method, url, headers, data, content_type="application/json"):
    g.pop("_login_user", None)
    r = client.open(url, method=method, data=data, headers={**headers, "Content-Type": content_type})
    assert r.status_code < 500, (method, url, data[:200], r.status_code)
    if r.status_code >= 400:
        assert r.mimetype == "application/problem+json", (method, url, r.mimetype)
        assert r.get_json()["status"] == r.status_code
    return r


@pytest.mark.parametrize("depth", [1000, 50_000])
def test_deeply_nested_json_is_a_400_problem(client, headers, depth):
    auth, _pid = headers
    for body in ("[" * depth + "]" * depth, '{"title": ' + "[" * depth + "]" * depth + "}",
                 '{"a":' * depth + "1" + "}" * depth):
        r = _check(client, "POST", "/api/v1/proposals", auth, body)
        assert r.status_code == 400


@pytest.mark.parametrize("body", [b"", b"{", b"\xff\xfe{}", b'{"title": "\\ud800"}', b"NaN", b"[1e999]",
                                  b'{"title": "a\\u0000b", "summary": "s", "body": "b", "topics": ["cykel"],'
                                  b' "duration_months": 3}',
                                  b'{"title": "\\udc00", "summary": "s", "body": "b", "topics": ["cykel"],'
                                  b' "duration_months": 3}'])
def test_broken_or_unstorable_bodies_are_problems(client, headers, body):
    auth, pid = headers
    for method, url in _writes(pid):
        _check(client, method, url, auth, body)
    r = _check(client, "POST", "/api/v1/proposals", auth, body)
    assert 400 <= r.status_code < 500


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=JSON | PROPOSALISH)
def test_arbitrary_json_never_crashes_a_write(client, headers, value):
    auth, pid = headers
    body = json.dumps(value)
    for method, url in _writes(pid):
        _check(client, method, url, auth, body)
