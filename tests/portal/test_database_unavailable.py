"""When the database goes away mid-request (a restart, a failover), the answer is a 503 to retry.

The 10-minute soak restarts PostgreSQL under load; the requests caught in those seconds got a
500. They now get 503 with Retry-After, in the reader's language, on pages and in the API.
"""
import pytest
from sqlalchemy.exc import InterfaceError, OperationalError

from portal.proposals import views


@pytest.mark.parametrize("error", [
    OperationalError("SELECT 1", {}, Exception("terminating connection due to administrator command")),
    InterfaceError("SELECT 1", {}, Exception("the connection is closed")),
])
def test_page_answers_503_with_retry_after(client, monkeypatch, error):
    def down(*args, **kwargs):
        raise error

    monkeypatch.setattr(views.q, "list_page", down)
    r = client.get("/proposals/", headers={"Accept-Language": "sv"})
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "5"
    assert "Inget av det du skickade" in r.text or "Försök igen" in r.text


def test_api_answers_503_problem(client, monkeypatch):
    from portal.api import views as api_views

    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("the database system is shutting down"))

    monkeypatch.setattr(api_views, "all_boards", down)
    r = client.get("/api/v1/boards")
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert r.headers["Content-Type"].startswith("application/problem+json")


class _DatabaseDown:
    """Every statement fails as when PostgreSQL restarts: the handler must not need the database."""

    def __init__(self, engine):
        self.engine = engine
        self.statements = 0

    def __enter__(self):
        from sqlalchemy import event
        event.listen(self.engine, "before_cursor_execute", self._refuse)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event
        event.remove(self.engine, "before_cursor_execute", self._refuse)

    def _refuse(self, *args, **kwargs):
        self.statements += 1
        raise OperationalError("SELECT 1", {}, Exception("terminating connection due to administrator command"))


@pytest.mark.parametrize("locale, expected", [("sv", "Försök igen"), ("en", "Try again"), ("ar", 'dir="rtl"')])
@pytest.mark.parametrize("path", ["/", "/proposals/", "/search?q=cykel", "/dialogues/"])
def test_logged_in_reader_gets_503_without_the_database(app, client, auth, make_user, db, locale, expected,
                                                        path):
    """Logged in, the account cannot even be loaded: still 503 in the account's language, not 500."""
    user = make_user(locale=locale)
    auth.login(user)
    with _DatabaseDown(db.engine) as down:
        r = client.get(path)
    assert down.statements >= 1  # the request really met the dead database
    assert r.status_code == 503, r.text[:300]
    assert r.headers["Retry-After"] == "5"
    assert expected in r.text
    assert "csp_nonce" not in r.text and "nonce-" in r.headers["Content-Security-Policy"]


def test_anonymous_reader_gets_503_without_the_database(client, db):
    with _DatabaseDown(db.engine):
        r = client.get("/proposals/?page=3", headers={"Accept-Language": "en"})
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert "Try again" in r.text


def test_api_answers_503_without_the_database(client, auth, make_user, db):
    auth.login(make_user())
    with _DatabaseDown(db.engine):
        r = client.get("/api/v1/proposals")
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert r.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("method, path", [("get", "/proposals/"), ("post", "/proposals/new")])
def test_503_when_the_account_itself_cannot_be_loaded(client, auth, make_user, db, method, path):
    """As in the soak's PostgreSQL restart: the request's first query is loading the account from the
    session cookie. The handler must not try again (the page's layout asks for current_user)."""
    from flask import g
    auth.login(make_user(locale="en"))
    g.pop("_login_user", None)  # as a new request would: the account is loaded from the cookie
    with _DatabaseDown(db.engine) as down:
        r = getattr(client, method)(path)
    assert down.statements >= 1
    assert r.status_code == 503, r.text[:300]
    assert r.headers["Retry-After"] == "5"
