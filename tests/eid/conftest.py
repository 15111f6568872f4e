"""The e-ID tests: a portal configured with brokers that are real provider processes on 127.0.0.1."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests

from tests.conftest import build_schema, compile_catalogues, database_url, drop_schema, make_app

from .oidc import KeySwapProxy, Provider, free_port


@pytest.fixture(scope="session")
def providers():
    """bankid and freja: two providers; evil: bankid's tokens under freja's published keys;
    down: nothing listens; flaky: a provider the test starts and stops itself."""
    bankid, freja = Provider().start(), Provider().start()
    evil = KeySwapProxy(bankid, freja).start()
    found = {"bankid": bankid, "freja": freja, "evil": evil, "down": Provider(), "flaky": Provider()}
    yield found
    evil.stop()
    for p in (bankid, freja, found["flaky"]):
        p.stop()


def broker_config(providers) -> dict:
    labels = {"bankid": "BankID", "freja": "Freja eID", "evil": "Evil", "down": "Down", "flaky": "Flaky"}
    return {key: {"issuer": p.url, "client_id": f"dialogportal-{key}", "client_secret": "s3cret",
                  "label": labels[key]} for key, p in providers.items()}


EID_CONFIG = {"EID_PIN_KEY": "test-pin-key", "RESIDENCY_CHECKER": "claim",
              "RESIDENCY_CLAIM": "https://id.oidc.se/claim/municipalityCode", "EID_HTTP_TIMEOUT": 3}


@pytest.fixture(scope="session")
def app(tmp_path_factory, providers):
    """Replaces the shared app for this folder: the same portal, with brokers configured."""
    compile_catalogues()
    url = database_url(tmp_path_factory, "eid")
    app = make_app(url, EID_BROKERS=broker_config(providers), **EID_CONFIG)
    build_schema(app)
    yield app
    from portal.extensions import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_schema(url)


class EidFlow:
    """Drives one e-legitimation: the portal's start, the provider's page, the portal's callback."""

    def __init__(self, client, providers):
        self.client, self.providers = client, providers

    def authorize(self, broker: str, sub: str, user_claims: dict, purpose: str = "login", next=None,
                  tamper=None):
        """Start at the portal and authorize at the provider; returns the callback path with query."""
        self.providers[broker].set_user(sub, user_claims)
        data = {"purpose": purpose}
        if next:
            data["next"] = next
        r = self.client.get(f"/eid/start/{broker}", query_string=data)
        assert r.status_code == 302, r.status_code
        auth_url = r.headers["Location"]
        if tamper:
            auth_url = tamper(auth_url)
        r2 = requests.post(auth_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert r2.status_code == 302, r2.text
        cb = urlsplit(r2.headers["Location"])
        return f"{cb.path}?{cb.query}"

    def login(self, broker: str, sub: str, user_claims: dict, purpose: str = "login", **kw):
        return self.client.get(self.authorize(broker, sub, user_claims, purpose, **kw))


def replace_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture
def eid(client, providers):
    return EidFlow(client, providers)


@pytest.fixture
def setting(db):
    """setting(key, value): store a profile setting as the administration would."""
    from portal.admin.models import Setting

    def _set(key, value):
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        db.session.flush()
    return _set


@pytest.fixture
def free_port_number():
    return free_port()
