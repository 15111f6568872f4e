"""GET /api/v1/...: lists with filters and pages, single resources with ETag, problem documents."""
import re
from datetime import date, timedelta

import pytest

from portal.db import utcnow
from portal.dialogues import operations as dops


def test_proposals_filter_by_status_district_topic_board_and_date(client, db, make_proposal, handled):
    a = make_proposal(title="Fler bänkar i parken", district="fosie", topics=("parker",))
    case = handled()
    make_proposal(state="submitted", title="Inte publicerad än")
    db.session.commit()
    body = client.get("/api/v1/proposals").get_json()
    ids = [p["id"] for p in body["items"]]
    assert set(ids) == {a.id, case.proposal_id} and body["total"] == 2 and body["pages"] == 1
    assert [p["id"] for p in client.get("/api/v1/proposals?district=fosie").get_json()["items"]] == [a.id]
    assert [p["id"] for p in client.get("/api/v1/proposals?topic=cykel").get_json()["items"]] == [case.proposal_id]
    assert [p["id"] for p in client.get("/api/v1/proposals?board=tekniska").get_json()["items"]] == [case.proposal_id]
    assert [p["id"] for p in client.get("/api/v1/proposals?status=published").get_json()["items"]] == [a.id]
    today = utcnow().date()
    assert client.get(f"/api/v1/proposals?published_from={today}&published_to={today}").get_json()["total"] == 2
    assert client.get(f"/api/v1/proposals?published_to={today - timedelta(days=1)}").get_json()["total"] == 0
    item = body["items"][0]
    assert set(item) >= {"title", "summary", "author", "district", "topics", "url", "support_count"}
    assert "email" not in str(body)


def test_pages_are_stable_and_cover_every_proposal_once(client, db, make_proposal):
    made = {make_proposal(title=f"Förslag nummer {i}").id for i in range(5)}
    db.session.commit()
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"/api/v1/proposals?per_page=2&page={page}").get_json()
        seen += [p["id"] for p in body["items"]]
    assert sorted(seen) == sorted(made) and len(seen) == 5
    assert client.get("/api/v1/proposals?per_page=101").status_code == 400


@pytest.mark.parametrize("lang,title", [("en", "Invalid or unknown parameters"),
                                        ("sv", "Ogiltiga eller okända parametrar")])
def test_unknown_parameter_is_a_problem_with_the_field_named(client, lang, title):
    resp = client.get("/api/v1/proposals?colour=red", headers={"Accept-Language": lang})
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["type"].endswith("#problem-invalid-parameters") and body["status"] == 400
    assert body["title"] == title
    assert body["invalid-params"] == [{"name": "colour", "reason": "Unknown field."}]
    bad = client.get("/api/v1/proposals?status=secret&published_from=yesterday").get_json()
    assert {p["name"] for p in bad["invalid-params"]} == {"status", "published_from"}


def test_errors_under_the_api_are_problem_documents_without_traces(client):
    for url, status in (("/api/v1/nothing-here", 404), ("/api/v1/proposals/999999", 404)):
        resp = client.get(url)
        assert resp.status_code == status and resp.mimetype == "application/problem+json"
        assert "Traceback" not in resp.get_data(as_text=True)
    assert client.delete("/api/v1/proposals").status_code == 405


def test_proposal_shows_routing_board_states_statements_and_decision(client, db, handled, walk):
    case = walk(handled())
    db.session.commit()
    resp = client.get(f"/api/v1/proposals/{case.proposal_id}")
    assert resp.status_code == 200 and resp.headers["ETag"] and resp.headers["Last-Modified"]
    h = resp.get_json()["handling"]
    assert h["joint"] is True and h["reference"] == case.reference
    boards = {b["board"]["slug"]: b for b in h["boards"]}
    assert set(boards) == {"tekniska", "grundskola"} and boards["tekniska"]["role"] == "lead"
    assert boards["tekniska"]["reason"]["words"] or boards["tekniska"]["reason"]["by_topic"]
    assert h["statements"][0]["minute_ref"] == "§ 246"
    assert h["statements"][0]["points"]["positive"] == ["Tryggare skolväg"]
    assert h["decision"]["outcome"] == "partly_granted" and h["decision"]["minute_ref"] == "§ 112"
    again = client.get(f"/api/v1/proposals/{case.proposal_id}", headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304
    since = client.get(f"/api/v1/proposals/{case.proposal_id}",
                       headers={"If-Modified-Since": resp.headers["Last-Modified"]})
    assert since.status_code == 304
    decisions = client.get("/api/v1/decisions?board=grundskola").get_json()
    assert [d["proposal"]["id"] for d in decisions["items"]] == [case.proposal_id]
    assert decisions["items"][0]["decision"]["outcome"] == "partly_granted"


def test_hidden_and_unpublished_proposals_are_not_served(client, db, make_proposal):
    draft = make_proposal(state="submitted")
    db.session.commit()
    assert client.get(f"/api/v1/proposals/{draft.id}").status_code == 404


def test_dialogue_with_meetings_and_feedback_but_no_contact_email(client, db, make_dialogue, officer, meeting_data):
    d = make_dialogue(state="feedback_published")
    dops.save_meeting(d, officer, meeting_data())
    db.session.commit()
    body = client.get(f"/api/v1/dialogues/{d.id}").get_json()
    assert body["meetings"][0]["place"] == "Oxie bibliotek"
    assert body["feedback"]["decided"] == "Vi bygger bänkar."
    assert body["districts"] == [{"slug": "oxie", "name": "Oxie"}]
    assert "tove@malmo.se" not in str(body)
    listed = client.get("/api/v1/dialogues?district=oxie&status=feedback_published").get_json()
    assert [x["id"] for x in listed["items"]] == [d.id]
    assert client.get("/api/v1/dialogues?level=nonsense").status_code == 400


def test_boards_districts_topics(client):
    assert any(b["slug"] == "tekniska" for b in client.get("/api/v1/boards").get_json()["items"])
    assert any(x["slug"] == "oxie" for x in client.get("/api/v1/districts").get_json()["items"])
    assert any(t["slug"] == "cykel" for t in client.get("/api/v1/topics").get_json()["items"])


def test_openapi_document_is_generated_and_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert {"/api/v1/proposals", "/api/v1/proposals/{proposal_id}", "/api/v1/dialogues", "/api/v1/boards",
            "/api/v1/districts", "/api/v1/topics", "/api/v1/decisions", "/api/v1/search"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/v1/proposals"]["get"]["parameters"]}
    assert {"status", "board", "district", "topic", "published_from", "published_to", "page", "per_page"} <= names
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "GET /api/v1/proposals/{proposal_id}" in html
    assert "problem-invalid-parameters" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline scripts"


def test_search_keeps_working_and_refuses_unknown_parameters(client):
    assert client.get("/api/v1/search?q=cykel").status_code == 200
    assert client.get("/api/v1/search?colour=red").status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/proposals/2147483648", "/api/v1/dialogues/99999999999"])
def test_ids_beyond_the_database_range_are_not_found(client, url):
    resp = client.get(url)
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
