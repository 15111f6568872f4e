"""Dialogue kind in search: an optional document field and facet, ready for the dialogue search source."""
from datetime import datetime, timezone

from portal.search.documents import make_document
from portal.search.interface import FACETS, SearchQuery


def _doc(ref_id, kind, dialogue_kind=None):
    return make_document(kind=kind, ref_id=ref_id, title=f"Samtal om parken {ref_id}", summary="Parken",
                         body="Parken i Oxie.", status="open" if kind == "dialogue" else "published",
                         boards=["tekniska"], lead_board="tekniska", districts=["oxie"], topics=["parker"],
                         published=datetime(2026, 5, 1, tzinfo=timezone.utc), deadline=None,
                         url=f"/{kind}s/{ref_id}", dialogue_kind=dialogue_kind)


def test_documents_carry_the_kind_only_when_given():
    assert _doc(1, "proposal")["dialogue_kind"] is None
    assert _doc(2, "dialogue", "user")["dialogue_kind"] == "user"
    assert "dialogue_kind" in FACETS


def test_database_backend_filters_and_counts_dialogue_kinds(db):
    from portal.search.backends.database import DatabaseBackend
    backend = DatabaseBackend()
    backend.setup()
    backend.upsert([_doc(1, "proposal"), _doc(2, "dialogue", "user"), _doc(3, "dialogue", "knowledge"),
                    _doc(4, "dialogue", "user")])
    result = backend.search(SearchQuery(q="parken", filters={"dialogue_kind": ["user"]}))
    assert sorted(h["id"] for h in result.hits) == [2, 4]
    everything = backend.search(SearchQuery(q="parken"))
    assert everything.facet_distribution["dialogue_kind"] == {"user": 2, "knowledge": 1}
    assert everything.total == 4


def test_search_page_names_the_kinds(client):
    from portal.search.views import value_labels
    from flask_babel import force_locale
    with force_locale("en"):
        assert value_labels()["dialogue_kind"] == {"citizen": "Citizen dialogue", "user": "User dialogue",
                                                   "knowledge": "Knowledge dialogue"}
