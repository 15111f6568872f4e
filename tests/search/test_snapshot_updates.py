"""The database backend's facet snapshot follows index writes without being rebuilt, and stays exact.

Before, every index write replaced the per-process snapshot, so under a stream of writes (the
sync worker indexing supports) many searches paid for a full reload. Now a process applies the
changes made since its snapshot (search_changes). These tests make random writes through one
backend and compare what a long-lived reader answers with what a freshly built one answers:
totals, every facet count and every sort order, after each write.
"""
import random
from datetime import datetime, timedelta, timezone

import pytest

from portal.search.backends import database
from portal.search.backends.database import DatabaseBackend
from portal.search.documents import make_document
from portal.search.interface import FACETS, SearchQuery

STATUSES = ["published", "in_handling", "answered", "expired"]
BOARDS = ["tekniska", "grundskola", "kultur", "fritid", "miljo"]
DISTRICTS = ["oxie", "hyllie", "centrum", "rosengard"]
TOPICS = ["lek", "cykel", "park", "skola", "kultur"]


def random_doc(rng, ref_id):
    published = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randrange(0, 700))
    return make_document(
        kind=rng.choice(["proposal", "proposal", "dialogue"]), ref_id=ref_id,
        title=f"Förslag {ref_id} om {rng.choice(['lekplats', 'cykelväg', 'parken'])}", summary="Kort.",
        body="Text.", status=rng.choice(STATUSES), boards=rng.sample(BOARDS, rng.randint(1, 2)),
        lead_board="tekniska", districts=rng.sample(DISTRICTS, rng.randint(0, 2)),
        topics=rng.sample(TOPICS, rng.randint(1, 2)), published=published,
        deadline=rng.choice([None, published + timedelta(days=90)]),
        support_count=rng.choice([0, 3, 3, 10, rng.randrange(200)]), url=f"/x/{ref_id}")


QUERIES = [
    SearchQuery(facets=list(FACETS), per_page=100),
    SearchQuery(facets=list(FACETS), sort="support", per_page=100),
    SearchQuery(facets=list(FACETS), sort="deadline", per_page=100),
    SearchQuery(q="lekplats", facets=list(FACETS), sort="newest", per_page=100),
    SearchQuery(filters={"board": ["tekniska", "kultur"], "status": ["published"]}, facets=list(FACETS),
                sort="support", per_page=100),
    SearchQuery(filters={"district": ["oxie"]}, facets=list(FACETS), per_page=7, page=2),
]


def answer(backend):
    return [(r.total, r.facet_distribution, [h["key"] for h in r.hits])
            for r in (backend.search(q) for q in QUERIES)]


@pytest.fixture
def builds(monkeypatch):
    """Counts full snapshot builds."""
    made = []
    real = database.Snapshot

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(database, "Snapshot", counting)
    return made


@pytest.mark.parametrize("batch", [1, 5, 90])  # 90: past the point where orders are re-sorted, not patched
def test_a_long_lived_snapshot_answers_exactly_like_a_fresh_one(db, builds, batch):
    rng = random.Random(batch)
    writer, reader = DatabaseBackend(), DatabaseBackend()
    writer.setup()
    live = {}
    for ref in range(1, 121):
        live[ref] = random_doc(rng, ref)
    writer.upsert(list(live.values()))
    reader.search(SearchQuery())
    assert len(builds) == 1
    for step in range(12):
        # Supports change counts and order, documents come and go, their facets change.
        changed = [random_doc(rng, rng.choice(list(live))) for _ in range(batch)]
        fresh = [random_doc(rng, 1000 + step * 100 + i) for i in range(rng.randint(0, 2))]
        for d in changed + fresh:
            live[int(d["key"].split("-")[1])] = d
        writer.upsert(changed + fresh)
        gone = rng.sample(sorted(live), k=min(len(live) - 1, rng.randint(0, 2)))
        writer.delete([live.pop(r)["key"] for r in gone])
        expected = answer(DatabaseBackend())
        assert answer(reader) == expected, step
    assert len(builds) == 1 + 12  # the reader never rebuilt; each fresh reference did, once


def test_a_reused_document_id_keeps_counts_exact(db, builds):
    """SQLite hands out the highest id again when its row is gone: the snapshot must not keep
    the old document's facet values for the new one."""
    rng = random.Random(3)
    writer, reader = DatabaseBackend(), DatabaseBackend()
    writer.setup()
    docs = [random_doc(rng, ref) for ref in range(1, 6)]
    writer.upsert(docs)
    reader.search(SearchQuery())
    last = docs[-1]
    writer.delete([last["key"]])
    other = random_doc(rng, 77)
    writer.upsert([other])
    writer.upsert([random_doc(rng, 77)])  # and once more, replacing itself
    assert answer(reader) == answer(DatabaseBackend())
    assert len(builds) == 2


def test_a_rebuild_or_a_long_absence_builds_afresh(db, builds, monkeypatch):
    rng = random.Random(5)
    writer, reader = DatabaseBackend(), DatabaseBackend()
    writer.setup()
    writer.upsert([random_doc(rng, ref) for ref in range(1, 30)])
    reader.search(SearchQuery())
    writer.rebuild(iter([[random_doc(rng, ref) for ref in range(1, 10)]]))
    assert answer(reader) == answer(DatabaseBackend())
    assert len(builds) == 3  # the reader rebuilt after the rebuild
    monkeypatch.setattr(database, "MAX_APPLY", 3)
    writer.upsert([random_doc(rng, ref) for ref in range(1, 6)])
    assert answer(reader) == answer(DatabaseBackend())
    assert len(builds) == 5
