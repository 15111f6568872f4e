"""The embedded default (database backend, no worker) indexes a request's changes after its commit."""
import pytest
from sqlalchemy import func, select

from portal.outbox.models import OutboxEntry
from portal.search.inline import sync_mode


def pending_search(db):
    return db.session.scalar(select(func.count(OutboxEntry.id)).where(OutboxEntry.kind == "search",
                                                                       OutboxEntry.delivered_at.is_(None)))


@pytest.mark.parametrize("config, mode", [
    ({"PORTAL_ENV": "development"}, "inline"),
    ({"PORTAL_ENV": "development", "SEARCH_BACKEND": "database"}, "inline"),
    ({"PORTAL_ENV": "development", "MEILI_URL": "http://127.0.0.1:7700"}, "worker"),
    ({"PORTAL_ENV": "production"}, "worker"),
    ({"PORTAL_ENV": "testing"}, "worker"),
    ({"PORTAL_ENV": "production", "SEARCH_SYNC": "inline"}, "inline"),
    ({"PORTAL_ENV": "development", "SEARCH_SYNC": "worker"}, "worker"),
])
def test_sync_mode_is_inline_only_for_the_embedded_default(config, mode):
    assert sync_mode(config) == mode


def test_a_wrong_sync_mode_stops_start_up():
    with pytest.raises(ValueError, match="SEARCH_SYNC"):
        sync_mode({"SEARCH_SYNC": "sometimes"})


@pytest.fixture
def inline(app, monkeypatch, use_backend):
    from portal.search.backends.database import DatabaseBackend
    monkeypatch.setitem(app.config, "SEARCH_SYNC", "inline")
    use_backend(DatabaseBackend())


def test_a_published_proposal_is_found_as_soon_as_the_request_committed(inline, db, client, auth, make_user,
                                                                        make_proposal):
    p = make_proposal(state="submitted", title="Solceller på Kvarnbyskolans tak")
    moderator = make_user(roles=["moderator"])
    db.session.commit()
    from portal.search.sync import run_until_empty
    run_until_empty()  # the draft's own entries: the state before the request
    assert "Solceller på Kvarnbyskolans tak" not in client.get("/search?q=Kvarnbyskolans").get_data(as_text=True)
    auth.login(moderator)
    r = client.post(f"/moderation/{p.id}/publish")
    assert r.status_code == 302
    assert pending_search(db) == 0
    body = client.get("/search?q=Kvarnbyskolans").get_data(as_text=True)
    assert "Solceller på Kvarnbyskolans tak" in body
    health = client.get("/healthz").get_json()
    assert health["checks"]["search"]["backlog"] == 0


def test_worker_mode_leaves_the_change_to_the_worker(app, monkeypatch, db, client, auth, make_user, make_proposal):
    monkeypatch.setitem(app.config, "SEARCH_SYNC", "worker")
    p = make_proposal(state="submitted", title="Solceller på Kvarnbyskolans tak")
    moderator = make_user(roles=["moderator"])
    db.session.commit()
    auth.login(moderator)
    client.post(f"/moderation/{p.id}/publish")
    assert pending_search(db) >= 1
