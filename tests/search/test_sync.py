"""Keeping the index true: every change writes an outbox entry; the worker delivers, retries, rebuilds."""
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.db import utcnow
from portal.outbox.models import OutboxEntry
from portal.proposals import operations as ops
from portal.search import sync
from portal.search.backends.database import DatabaseBackend
from portal.search.documents import SOURCES, load_documents, make_document, register_source
from portal.search.interface import SearchQuery
from tests.search.conftest import meili_backend


def search_entries(db, ref_id=None):
    rows = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "search",
                                                        OutboxEntry.delivered_at.is_(None)))
    return [e.payload for e in rows if ref_id is None or e.payload["id"] == ref_id]


def clear(db):
    db.session.execute(update(OutboxEntry).where(OutboxEntry.kind == "search").values(delivered_at=utcnow()))


def test_every_proposal_operation_enqueues_a_search_update(db, make_user, make_proposal):
    author, moderator, fan = make_user(), make_user(roles=["moderator"]), make_user()
    p = ops.save_draft(author, {"title": "Ny lekplats", "summary": "Kort.", "body": "Text.", "duration_months": 3})
    assert search_entries(db, p.id) == [{"kind": "proposal", "id": p.id}]
    steps = [
        lambda: ops.save_draft(author, {"title": "Ny lekplats i Oxie", "summary": "Kort.", "body": "T.",
                                        "duration_months": 3}, p),
        lambda: ops.submit(p, author),
        lambda: ops.reject(p, moderator, "Namn på tredje person."),
        lambda: ops.submit(p, author),
        lambda: ops.publish(p, moderator),
        lambda: ops.support(p, fan),
        lambda: ops.unsupport(p, fan),
        lambda: ops.withdraw(p, author),
    ]
    for step in steps:
        db.session.commit()  # each operation is its own request
        clear(db)
        step()
        db.session.flush()
        assert search_entries(db, p.id), step
    q = make_proposal(state="published")
    db.session.commit()
    clear(db)
    assert ops.expire_due(utcnow() + timedelta(days=400)) >= 1
    db.session.flush()
    assert search_entries(db, q.id)


def test_an_unchanged_proposal_enqueues_nothing(db, make_proposal):
    p = make_proposal()
    db.session.commit()
    clear(db)
    p.title = p.title  # no real change
    db.session.flush()
    assert search_entries(db, p.id) == []


def test_worker_merges_repeats_indexes_public_state_and_removes_the_rest(db, make_proposal, make_user):
    backend = DatabaseBackend()
    p = make_proposal(title="Lekplats vid torget", state="published")
    hidden = make_proposal(title="Lekplats utkast", state="draft")
    db.session.commit()
    assert len(search_entries(db, p.id)) >= 1
    result = sync.run_once(backend=backend)
    assert result["failed"] == 0 and result["documents"] >= 1
    assert search_entries(db) == []
    found = backend.search(SearchQuery(q="lekplats"))
    assert [h["key"] for h in found.hits] == [f"proposal-{p.id}"]
    assert f"proposal-{hidden.id}" not in {d["key"] for d in backend.all_documents()}
    # Withdrawn stays public (with its new status); a moderator's rejection would remove it.
    ops.withdraw(p, p.author)
    db.session.commit()
    sync.run_once(backend=backend)
    assert backend.search(SearchQuery(q="lekplats")).hits[0]["status"] == "withdrawn"


class FailingBackend(DatabaseBackend):
    def upsert(self, documents):
        raise ConnectionError("search server unreachable")


def test_failure_keeps_entries_with_backoff(db, make_proposal):
    p = make_proposal()
    db.session.commit()
    result = sync.run_once(backend=FailingBackend())
    assert result["failed"] >= 1
    entry = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "search")
                               .order_by(OutboxEntry.id.desc())).first()
    assert entry.delivered_at is None and entry.attempts == 1 and "unreachable" in entry.last_error
    assert entry.next_attempt_at > utcnow()
    assert sync.run_once(backend=DatabaseBackend())["entries"] == 0  # not due yet
    db.session.execute(update(OutboxEntry).values(next_attempt_at=utcnow()))
    assert sync.run_once(backend=DatabaseBackend())["failed"] == 0
    assert search_entries(db) == []
    assert sync.status()["backlog"] == 0
    assert p.id in {d["id"] for d in DatabaseBackend().all_documents()}


@pytest.fixture
def dialogue_source():
    """A test double for the dialogues package: documents of kind "dialogue" from a dict."""
    store = {}
    saved = SOURCES.get("dialogue")
    register_source("dialogue", lambda ids: [store[i] for i in ids if i in store], lambda: sorted(store),
                    {"open": "Open"})
    yield store
    if saved:
        SOURCES["dialogue"] = saved
    else:
        SOURCES.pop("dialogue")


def dialogue(i, title, status="open"):
    return make_document(kind="dialogue", ref_id=i, title=title, summary="", body="", status=status,
                         boards=["kultur"], lead_board="kultur", districts=["centrum"], topics=[],
                         published=utcnow(), deadline=None)


def test_registered_dialogue_source_is_indexed_and_removed(db, dialogue_source):
    backend = DatabaseBackend()
    dialogue_source[5] = dialogue(5, "Dialog om Möllevångstorget")
    db.session.add(OutboxEntry(kind="search", payload={"kind": "dialogue", "id": 5}))
    db.session.commit()
    sync.run_once(backend=backend)
    assert backend.search(SearchQuery(q="möllev", filters={"kind": ["dialogue"]})).total == 1
    del dialogue_source[5]
    assert load_documents([("dialogue", 5)]) == ([], ["dialogue-5"])
    db.session.add(OutboxEntry(kind="search", payload={"kind": "dialogue", "id": 5}))
    db.session.commit()
    sync.run_once(backend=backend)
    assert backend.search(SearchQuery(q="möllev")).total == 0


def test_reindex_rebuilds_and_replays_changes_made_meanwhile(db, make_proposal, dialogue_source, fake_meili):
    import routing
    backend = meili_backend(fake_meili.url, "test-master-key", routing.default_ruleset())
    backend.setup()
    a = make_proposal(title="Parkbänkar i Pildammsparken")
    dialogue_source[9] = dialogue(9, "Dialog om Pildammsparken")
    db.session.commit()
    original_rebuild = backend.rebuild
    late = {}

    def rebuild_while_someone_supports(batches):
        n = original_rebuild(batches)
        late["p"] = make_proposal(title="Pildammsparken behöver toaletter")  # made during the rebuild
        db.session.commit()
        return n
    backend.rebuild = rebuild_while_someone_supports
    result = sync.reindex(backend=backend)
    assert result["replayed"] >= 1
    found = {h["key"] for h in backend.search(SearchQuery(q="pildammsparken", per_page=100)).hits}
    assert {f"proposal-{a.id}", "dialogue-9", f"proposal-{late['p'].id}"} <= found
    assert sync.status()["backlog"] == 0
    assert any(path == "/swap-indexes" for _, path in fake_meili.requests)


def test_server_down_while_proposals_change_then_index_equals_database(db, make_proposal, make_user, fake_meili):
    """The outage test: stop the server, submit and support, restart, run the worker, compare."""
    import routing
    from portal.search.documents import all_batches
    backend = meili_backend(fake_meili.url, "test-master-key", routing.default_ruleset())
    backend.setup()
    before = make_proposal(title="Belysning i Folkets park")
    db.session.commit()
    assert sync.run_until_empty(backend=backend)["failed"] == 0
    fake_meili.stop()
    try:
        moderator = make_user(roles=["moderator"])
        submitted = make_proposal(title="Fler papperskorgar", state="submitted")
        ops.publish(submitted, moderator)
        for _ in range(3):
            ops.support(before, make_user())
        db.session.commit()
        assert sync.run_once(backend=backend)["failed"] >= 1
        assert sync.status()["backlog"] >= 2
        assert backend.health().startswith("error")
    finally:
        fake_meili.start()
    db.session.execute(update(OutboxEntry).values(next_attempt_at=utcnow()))
    assert sync.run_until_empty(backend=backend)["failed"] == 0
    assert sync.status()["backlog"] == 0
    expected = sorted((d for batch in all_batches() for d in batch), key=lambda d: d["key"])
    assert backend.all_documents() == expected
    hit = backend.search(SearchQuery(q="belysning")).hits[0]
    assert hit["support_count"] == 3


def test_failed_tasks_are_retried_not_lost(db, make_proposal, fake_meili):
    import routing
    backend = meili_backend(fake_meili.url, "test-master-key", routing.default_ruleset())
    backend.setup()
    p = make_proposal(title="Hundrastgård i Husie")
    db.session.commit()
    fake_meili.fail_tasks = True
    assert sync.run_once(backend=backend)["failed"] >= 1
    fake_meili.fail_tasks = False
    db.session.execute(update(OutboxEntry).values(next_attempt_at=utcnow()))
    assert sync.run_once(backend=backend)["failed"] == 0
    assert [h["id"] for h in backend.search(SearchQuery(q="hundrast")).hits] == [p.id]


def test_cli_status_sync_and_setup(app, db, make_proposal, use_backend):
    use_backend(DatabaseBackend())
    make_proposal(title="Konstgräsplan i Rosengård")
    db.session.commit()
    runner = app.test_cli_runner()
    out = runner.invoke(args=["search", "status"]).output
    assert "backlog: " in out and "backlog: 0" not in out and "oldest_unsynced: " in out
    assert "search setup" in runner.invoke(args=["search", "setup"]).output
    assert "'failed': 0" in runner.invoke(args=["search", "sync"]).output
    assert "backlog: 0" in runner.invoke(args=["search", "status"]).output
    assert "search reindex" in runner.invoke(args=["search", "reindex"]).output


def test_meili_settings_from_code(fake_meili):
    import routing
    backend = meili_backend(fake_meili.url, "test-master-key", routing.default_ruleset())
    first = backend.setup()
    assert first["created"] and "searchableAttributes" in first["settings_changed"]
    s = backend.client.index(backend.uid).get_settings()
    assert s["searchableAttributes"][:2] == ["title", "case_ref"]
    assert s["localizedAttributes"] == [{"attributePatterns": ["title", "summary", "body"], "locales": ["swe"]}]
    assert "cykelväg" in s["synonyms"]["cykelbana"]
    assert s["typoTolerance"]["disableOnAttributes"] == ["case_ref"]
    assert backend.setup()["settings_changed"] == []
    assert backend.client.config.timeout == 2


def test_meili_errors_keep_their_codes(fake_meili):
    from portal.search.backends.meili import MeiliBackend
    from portal.search.interface import SearchBackendError
    bad = MeiliBackend(url=fake_meili.url, api_key="wrong", index="x", timeout=2)
    with pytest.raises(SearchBackendError, match="invalid_api_key"):
        bad.search(SearchQuery(q="x"))


def test_alembic_ignores_the_fts5_tables(app):
    include = app.extensions["migrate"].configure_args["include_name"]
    assert include("search_fts", "table", {}) is False
    assert include("search_fts_data", "table", {}) is False
    assert include("search_documents", "table", {}) is True
