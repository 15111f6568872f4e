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

    monkeypatch.setattr(views.q, "paginate", down)
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
