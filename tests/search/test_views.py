"""The search page, the ongoing-dialogue overview, GET /api/v1/search and /healthz."""
import pytest
from sqlalchemy import event

from portal.search import sync
from portal.search.backends.database import DatabaseBackend


@pytest.fixture
def indexed(db, make_proposal, use_backend):
    """Proposals in several states, indexed through the outbox with the database backend."""
    backend = use_backend(DatabaseBackend())

    def _make(n=3, **kw):
        made = [make_proposal(title=f"Ny lekplats nummer {i}", district="oxie", topics=("lekplatser",), **kw)
                for i in range(n)]
        db.session.commit()
        sync.run_until_empty(backend=backend)
        return made
    return _make


def test_search_page_without_javascript(client, indexed):
    made = indexed(2)
    resp = client.get("/search?q=lekpl&district=oxie&sort=newest")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert made[0].title in html and made[1].title in html
    assert "2 träffar" in html
    assert 'name="district" value="oxie"' in html and "checked" in html
    assert "Tekniska nämnden" in html  # responsible board at a glance
    assert "Samlar stöd" in html  # status label


def test_search_page_bad_input_is_a_clear_400(client, indexed):
    indexed(1)
    for query in ["q=" + "x" * 10000, "page=1000000000", "sort=evil", "year=abc", "per_page=0"]:
        resp = client.get("/search?" + query)
        assert resp.status_code == 400, query
        assert "error-summary" in resp.get_data(as_text=True)


def test_api_answers_json_with_hits_facets_and_totals(client, indexed):
    made = indexed(3)
    resp = client.get("/api/v1/search?q=lekplats&topic=lekplatser&per_page=2&page=1&sort=support")
    assert resp.status_code == 200 and resp.is_json
    body = resp.get_json()
    assert body["total"] == 3 and body["pages"] == 2 and len(body["hits"]) == 2
    assert body["facets"]["district"] == {"oxie": 3}
    assert body["facets"]["kind"] == {"proposal": 3}
    assert {h["id"] for h in body["hits"]} <= {p.id for p in made}
    assert body["hits"][0]["status_label"]
    assert client.get("/api/v1/search?district=narnia").get_json()["total"] == 0


@pytest.mark.parametrize("query", ["q=" + "x" * 10000, "page=1000000000", "page=-1", "sort=drop", "year=20x5",
                                   "per_page=5000"])
def test_api_bad_input_is_a_problem_document(client, indexed, query):
    resp = client.get("/api/v1/search?" + query)
    assert resp.status_code == 400
    assert resp.mimetype == "application/problem+json"
    assert resp.get_json()["detail"]


@pytest.mark.parametrize("q", ['"', "lek*", "NEAR(a b)", "') OR 1=1 --", "a & !b", "%", "lek\x00plats"])
def test_api_query_syntax_gives_a_normal_result(client, indexed, q):
    indexed(1)
    resp = client.get("/api/v1/search", query_string={"q": q})
    assert resp.status_code == 200


def test_api_page_beyond_the_end_is_empty(client, indexed):
    indexed(2)
    body = client.get("/api/v1/search?page=50").get_json()
    assert body["hits"] == [] and body["total"] == 2


def test_ongoing_overview_counts_by_board_district_and_status(client, indexed, make_proposal, db):
    indexed(2)
    make_proposal(title="Redan besvarat", state="answered")
    db.session.commit()
    sync.run_until_empty()
    html = client.get("/search/ongoing").get_data(as_text=True)
    assert "Redan besvarat" not in html
    assert "Ny lekplats nummer 0" in html
    assert "Oxie" in html and "Tekniska nämnden" in html


def test_healthz_reports_search_health_and_lag(client, indexed, make_proposal, db):
    make_proposal()
    db.session.commit()
    body = client.get("/healthz").get_json()
    search = body["checks"]["search"]
    assert search["backend"] == "database" and search["health"] == "ok"
    assert search["backlog"] >= 1 and search["lag_seconds"] >= 0


def count_queries(app, client, url):
    from portal.extensions import db
    n = 0

    def before(*_args):
        nonlocal n
        n += 1
    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return n


def test_search_pages_query_count_does_not_grow_with_the_list(app, client, indexed):
    indexed(1)
    client.get("/search?q=lekplats")  # the process's facet snapshot exists; later writes are applied to it
    indexed(2)
    small = count_queries(app, client, "/search?q=lekplats"), count_queries(app, client, "/search/ongoing")
    indexed(12)
    large = count_queries(app, client, "/search?q=lekplats"), count_queries(app, client, "/search/ongoing")
    assert small == large


def test_browser_never_sees_the_meili_key(client, indexed, app):
    indexed(1)
    app.config["MEILI_API_KEY"] = "admin-key-secret"
    try:
        assert "admin-key-secret" not in client.get("/search?q=lek").get_data(as_text=True)
    finally:
        app.config["MEILI_API_KEY"] = None
