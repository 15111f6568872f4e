"""The search contract: the same tests against the database backend (SQLite or PostgreSQL),
the Meilisearch backend on the loopback fake, and a real Meilisearch when MEILI_URL is set."""
from datetime import datetime, timezone

import pytest

from portal.search.documents import make_document
from portal.search.interface import SearchQuery


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def docs():
    return [
        make_document(kind="proposal", ref_id=1, title="Ny lekplats i Rosengård", summary="Barnen behöver en plats.",
                      body="Gungor och rutschkana.", status="published", boards=["tekniska"], lead_board="tekniska",
                      districts=["rosengard"], topics=["lek"], published=utc(2025, 3, 1), deadline=utc(2025, 9, 1),
                      support_count=40, url="/proposals/1"),
        make_document(kind="proposal", ref_id=2, title="Säker cykelväg till skolan", summary="Korsningen är farlig.",
                      body="Barn cyklar till skolan varje dag.", status="in_handling",
                      boards=["tekniska", "grundskola"], lead_board="tekniska", districts=["hyllie"],
                      topics=["cykel", "skola"], published=utc(2024, 5, 1), deadline=None, support_count=120,
                      url="/proposals/2"),
        make_document(kind="proposal", ref_id=3, title="Fler bänkar i parken", summary="Vid lekplatsen saknas bänkar.",
                      body="Äldre vill kunna vila.", status="answered", boards=["tekniska"], lead_board="tekniska",
                      districts=["oxie"], topics=["park"], published=utc(2025, 6, 1), deadline=None,
                      support_count=5, url="/proposals/3"),
        make_document(kind="dialogue", ref_id=7, title="Dialog om Folkets park", summary="Hur vill du använda parken?",
                      body="Vi bjuder in till samtal.", status="open", boards=["kultur", "fritid"],
                      lead_board="kultur", districts=["centrum", "sodra-innerstaden"], topics=["kultur"],
                      published=utc(2025, 1, 15), deadline=utc(2025, 8, 1), case_ref="KN-2025-00042",
                      url="/dialogues/7"),
    ]


@pytest.fixture
def filled(backend):
    backend.setup()
    backend.upsert(docs())
    return backend


def keys(result):
    return [h["key"] for h in result.hits]


def test_prefix_search_finds_the_start_of_a_word_and_ranks_titles_first(filled):
    result = filled.search(SearchQuery(q="lekpl"))
    assert keys(result) == ["proposal-1", "proposal-3"]
    assert result.total == 2


def test_every_word_must_match(filled):
    assert keys(filled.search(SearchQuery(q="cykelväg skolan"))) == ["proposal-2"]
    assert filled.search(SearchQuery(q="cykelväg rosengård")).total == 0


def test_case_reference_is_searchable(filled):
    assert keys(filled.search(SearchQuery(q="KN-2025-00042"))) == ["dialogue-7"]


def test_filters_or_within_a_facet_and_across_facets(filled):
    assert filled.search(SearchQuery(filters={"board": ["tekniska"]})).total == 3
    assert sorted(keys(filled.search(SearchQuery(filters={"board": ["kultur", "grundskola"]})))) == \
        ["dialogue-7", "proposal-2"]
    assert keys(filled.search(SearchQuery(filters={"board": ["tekniska"], "district": ["oxie"]}))) == ["proposal-3"]
    assert filled.search(SearchQuery(filters={"year": ["2025"]})).total == 3
    assert filled.search(SearchQuery(filters={"kind": ["dialogue"], "status": ["open"]})).total == 1


def test_facet_counts_cover_every_match_not_only_the_page(filled):
    result = filled.search(SearchQuery(per_page=1))
    assert result.total == 4 and len(result.hits) == 1 and result.pages == 4
    fd = result.facet_distribution
    assert fd["kind"] == {"proposal": 3, "dialogue": 1}
    assert fd["board"] == {"tekniska": 3, "grundskola": 1, "kultur": 1, "fritid": 1}
    assert fd["year"] == {"2025": 3, "2024": 1}
    assert fd["district"]["centrum"] == 1 and fd["district"]["hyllie"] == 1
    narrowed = filled.search(SearchQuery(q="lekpl"))
    assert narrowed.facet_distribution["district"] == {"rosengard": 1, "oxie": 1}


def test_sorts(filled):
    assert keys(filled.search(SearchQuery(sort="newest"))) == ["proposal-3", "proposal-1", "dialogue-7", "proposal-2"]
    assert keys(filled.search(SearchQuery(sort="support")))[:3] == ["proposal-2", "proposal-1", "proposal-3"]
    assert keys(filled.search(SearchQuery(sort="deadline")))[:2] == ["dialogue-7", "proposal-1"]
    assert keys(filled.search(SearchQuery(q="lekpl", sort="newest"))) == ["proposal-3", "proposal-1"]


def test_pagination_past_the_end_is_an_empty_page(filled):
    assert keys(filled.search(SearchQuery(sort="newest", page=2, per_page=2))) == ["dialogue-7", "proposal-2"]
    beyond = filled.search(SearchQuery(page=3, per_page=2))
    assert beyond.hits == [] and beyond.total == 4


def test_upsert_replaces_and_delete_removes(filled):
    changed = docs()[0] | {"status": "withdrawn", "support_count": 41}
    filled.upsert([changed])
    assert filled.search(SearchQuery(filters={"status": ["published"]})).total == 0
    hits = filled.search(SearchQuery(filters={"status": ["withdrawn"]})).hits
    assert [(h["key"], h["support_count"]) for h in hits] == [("proposal-1", 41)]
    assert filled.search(SearchQuery()).total == 4
    filled.delete(["proposal-1", "proposal-999"])
    assert filled.search(SearchQuery()).total == 3
    assert filled.search(SearchQuery(q="lekplats")).total == 1


@pytest.mark.parametrize("q", ['"', 'lekpl*', 'NEAR(a b)', "') OR 1=1 --", "a:b & !c | d", "title:lekplats",
                               "^lek -plats", "\\", "x" * 10000, "'lek':* & ", "%_%"])
def test_query_syntax_cannot_inject(filled, q):
    result = filled.search(SearchQuery(q=q))
    assert result.total >= 0
    assert filled.search(SearchQuery()).total == 4


def test_unknown_facet_values_give_no_hits(filled):
    assert filled.search(SearchQuery(filters={"district": ["narnia"], "status": ["'; DROP TABLE x"]})).total == 0


def test_rebuild_swaps_in_a_fresh_index(filled):
    fresh = docs()[1:3]
    assert filled.rebuild(iter([fresh])) == 2
    assert sorted(d["key"] for d in filled.all_documents()) == ["proposal-2", "proposal-3"]
    assert keys(filled.search(SearchQuery(q="bänkar"))) == ["proposal-3"]


def test_setup_is_idempotent_and_health_is_ok(filled):
    again = filled.setup()
    assert again.get("settings_changed", []) == [] and not again.get("created")
    assert not again.get("text_index_created")
    assert filled.health() == "ok"
    assert filled.search(SearchQuery(q="lekpl")).total == 2


def test_database_backend_sees_writes_made_by_another_process(db):
    """Facet snapshots are per process; the generation token tells a stale one to reload."""
    from portal.search.backends.database import DatabaseBackend
    reader, writer = DatabaseBackend(), DatabaseBackend()
    writer.upsert(docs()[:2])
    assert reader.search(SearchQuery()).total == 2
    writer.upsert(docs()[2:])
    writer.delete(["proposal-1"])
    result = reader.search(SearchQuery())
    assert result.total == 3 and result.facet_distribution["kind"] == {"proposal": 2, "dialogue": 1}
