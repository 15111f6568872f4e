"""Real dialogues in the search index (issue 6) and hidden proposals leaving it (issue 8)."""
import pytest
from sqlalchemy import select, update

from portal.db import utcnow
from portal.dialogues import operations as dops
from portal.dialogues.models import DialogueState as D
from portal.moderation import operations as mops
from portal.moderation.models import ModerationReason, ensure_default_reasons
from portal.outbox.models import OutboxEntry
from portal.search import sync
from portal.search.backends.database import DatabaseBackend
from portal.search.documents import all_batches, load_documents
from portal.search.interface import SearchQuery
from tests.dialogues.conftest import dialogue_data, make_dialogue, officer  # noqa: F401  (fixtures)
from tests.search.conftest import meili_backend


def pending(db, kind):
    rows = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "search",
                                                        OutboxEntry.delivered_at.is_(None)))
    return [e.payload["id"] for e in rows if e.payload["kind"] == kind]


def clear(db):
    db.session.execute(update(OutboxEntry).where(OutboxEntry.kind == "search").values(delivered_at=utcnow()))
    db.session.commit()  # entries are queued once per transaction


def test_dialogue_changes_queue_index_updates(db, make_dialogue, officer):
    d = make_dialogue(state="planned")
    assert d.id in pending(db, "dialogue")
    clear(db)
    dops.change_state(d, D.OPEN, officer)
    assert pending(db, "dialogue") == [d.id]
    clear(db)
    d.questions[0].text = "Vad vill du ha i parken i stället?"  # a related row changes the document
    db.session.flush()
    assert pending(db, "dialogue") == [d.id]
    clear(db)
    dops.change_state(d, D.ANALYSING, officer)
    dops.save_feedback(d, officer, {"heard": "Fler bänkar.", "decided": "Bänkar.", "why": "Önskemål.",
                                    "board_id": d.boards[0].id})
    dops.publish_feedback(d, officer)
    db.session.flush()
    assert pending(db, "dialogue") == [d.id]


def test_dialogue_document_fields(db, make_dialogue):
    d = make_dialogue(state="open", districts=["oxie", "fosie"])
    (doc,), gone = load_documents([("dialogue", d.id), ("dialogue", 10**6)])
    assert gone == ["dialogue-1000000"]
    assert doc["kind"] == "dialogue" and doc["title"] == "Ny park i Oxie" and doc["status"] == "open"
    assert doc["dialogue_kind"] == "citizen"  # the kind facet (citizen, user, knowledge dialogue)
    assert doc["summary"] == "Vad vill du ha i parken?"  # Markdown removed
    assert doc["boards"] == ["tekniska"] and doc["lead_board"] == "tekniska"
    assert set(doc["districts"]) == {"oxie", "fosie"} and doc["topics"] == ["parker"]
    assert doc["level"] == "consultation" and doc["deadline"] and doc["starts_at"] < doc["ends_at"]
    assert doc["url"] == f"/dialogues/{d.id}" and doc["year"] == d.starts_on.year
    closed = make_dialogue(state="closed")
    (doc,), _ = load_documents([("dialogue", closed.id)])
    assert doc["status"] == "closed" and doc["deadline"] is None


def _index(db, make_dialogue, make_proposal, backend):
    p = make_proposal(title="Ny lekplats i Oxie", district="oxie", topics=("lekplatser",))
    open_d = make_dialogue(state="open", title="Ny park i Oxie")
    closed_d = make_dialogue(state="closed", title="Gamla parken i Oxie")
    db.session.commit()
    sync.run_until_empty(backend=backend)
    return p, open_d, closed_d


def test_search_page_ongoing_and_api_show_real_dialogues(client, db, make_dialogue, make_proposal, use_backend):
    backend = use_backend(DatabaseBackend())
    p, open_d, closed_d = _index(db, make_dialogue, make_proposal, backend)
    html = client.get("/search?q=oxie").get_data(as_text=True)
    assert open_d.title in html and closed_d.title in html and p.title in html
    assert f'href="/dialogues/{open_d.id}"' in html
    assert 'name="kind" value="dialogue"' in html and 'name="kind" value="proposal"' in html
    assert "Öppen för synpunkter" in html and "Avslutad" in html  # the dialogue's own status labels
    assert "Delaktighetsnivå" in html or "Samråd" in html
    ongoing = client.get("/search/ongoing").get_data(as_text=True)
    assert open_d.title in ongoing and closed_d.title not in ongoing
    body = client.get("/api/v1/search?q=oxie").get_json()
    assert body["facets"]["kind"] == {"proposal": 1, "dialogue": 2}
    hit = next(h for h in body["hits"] if h["key"] == f"dialogue-{open_d.id}")
    assert hit["status_label"] == "Öppen för synpunkter" and hit["boards"] == ["tekniska"]
    only = client.get("/api/v1/search?kind=dialogue&status=open").get_json()
    assert [h["id"] for h in only["hits"]] == [open_d.id]


def test_dialogues_in_the_meilisearch_backend(client, db, make_dialogue, make_proposal, use_backend, fake_meili):
    import routing
    backend = use_backend(meili_backend(fake_meili.url, "test-master-key", routing.default_ruleset()))
    backend.setup()
    p, open_d, closed_d = _index(db, make_dialogue, make_proposal, backend)
    result = backend.search(SearchQuery(q="parken", filters={"kind": ["dialogue"]}))
    assert {h["id"] for h in result.hits} == {open_d.id, closed_d.id}
    assert result.facet_distribution["kind"] == {"dialogue": 2}
    body = client.get("/api/v1/search?status=open").get_json()
    assert [h["key"] for h in body["hits"]] == [f"dialogue-{open_d.id}"]
    assert open_d.title in client.get("/search/ongoing").get_data(as_text=True)


@pytest.fixture
def reason(db):
    ensure_default_reasons()
    return db.session.scalar(select(ModerationReason).where(ModerationReason.slug == "offensive"))


def test_hidden_proposal_leaves_the_index_and_comes_back(db, make_proposal, make_user, reason):
    backend = DatabaseBackend()
    p = make_proposal(title="Cykelparkering vid Triangeln")
    db.session.commit()
    sync.run_until_empty(backend=backend)
    assert backend.search(SearchQuery(q="triangeln")).total == 1
    moderator = make_user(roles=["moderator"])
    mops.hide(p, moderator, reason, "Kränkande.")
    db.session.commit()
    sync.run_until_empty(backend=backend)
    assert backend.search(SearchQuery(q="triangeln")).total == 0
    mops.restore(p, moderator)
    db.session.commit()
    sync.run_until_empty(backend=backend)
    assert backend.search(SearchQuery(q="triangeln")).total == 1


def test_proposal_hidden_by_reports_leaves_the_index(app, db, make_proposal, make_user, reason):
    backend = DatabaseBackend()
    p = make_proposal(title="Fontän på Stortorget")
    db.session.commit()
    sync.run_until_empty(backend=backend)
    for _ in range(3):  # the default report threshold
        mops.report("proposal", p.id, make_user(), reason)
    assert p.hidden
    db.session.commit()
    sync.run_until_empty(backend=backend)
    assert backend.search(SearchQuery(q="stortorget")).total == 0
    assert all(d["id"] != p.id for batch in all_batches() for d in batch if d["kind"] == "proposal")
