"""Open data: the page with its licence, CSV and JSON exports without personal data, Atom feeds."""
import csv
import io
import xml.etree.ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
PLANTED = "hemlig.person@example.se"


@pytest.fixture
def published(db, make_user, make_proposal, handled, walk, make_dialogue):
    author = make_user(email=PLANTED, name="Synlig Namn")
    p = make_proposal(author=author, title="Fler bänkar i parken", district="fosie", topics=("parker",))
    case = walk(handled(author=author))
    d = make_dialogue(state="feedback_published")
    db.session.commit()
    return p, case, d


def test_open_data_page_lists_exports_feeds_api_and_licence(client, published):
    html = client.get("/open-data").get_data(as_text=True)
    assert "CC BY 4.0" in html
    for href in ("/open-data/proposals.csv", "/open-data/decisions.json", "/open-data/dialogues.csv",
                 "/api/v1/docs", "/feeds/boards/tekniska.atom", "/feeds/topics/cykel.atom",
                 "/feeds/districts/oxie.atom"):
        assert f'href="{href}"' in html, href


@pytest.mark.parametrize("dataset", ["proposals", "decisions", "dialogues"])
def test_exports_agree_between_csv_and_json_and_hold_no_e_mail(client, published, dataset):
    r = client.get(f"/open-data/{dataset}.csv")
    text = r.get_data(as_text=True)
    assert r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    body = client.get(f"/open-data/{dataset}.json").get_json()
    assert body["licence"] == "CC BY 4.0" and len(body["items"]) == len(rows) >= 1
    assert [str(x) for x in body["items"][0].values()][:1] == list(rows[0].values())[:1]
    for t in (text, str(body)):
        assert PLANTED not in t and "tove@malmo.se" not in t


def test_decision_export_has_outcome_boards_and_minute_reference(client, published):
    _p, case, _d = published
    (row,) = client.get("/open-data/decisions.json").get_json()["items"]
    assert row["proposal_id"] == case.proposal_id and row["outcome"] == "partly_granted"
    assert row["minute_ref"] == "§ 112" and row["lead_board"] == "tekniska" and "grundskola" in row["boards"]
    assert row["statements"] == 1
    assert client.get("/open-data/people.csv").status_code == 404


@pytest.mark.parametrize("url,expected", [("/feeds/boards/grundskola.atom", "case"),
                                          ("/feeds/topics/parker.atom", "p"),
                                          ("/feeds/districts/fosie.atom", "p")])
def test_feeds_per_board_topic_and_district(client, published, url, expected):
    p, case, _d = published
    want = p.id if expected == "p" else case.proposal_id
    r = client.get(url)
    assert r.mimetype == "application/atom+xml"
    root = ET.fromstring(r.data)
    links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
    assert [link.rsplit("/", 1)[-1] for link in links] == [str(want)]
    assert PLANTED not in r.get_data(as_text=True)
    assert client.get("/feeds/boards/narnia.atom").status_code == 404


def test_proposal_feed_lists_its_changes_of_status(client, published, make_proposal, db):
    _p, case, _d = published
    root = ET.fromstring(client.get(f"/feeds/proposals/{case.proposal_id}.atom").data)
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert len(titles) >= 3
    hidden = make_proposal(state="submitted")
    db.session.commit()
    assert client.get(f"/feeds/proposals/{hidden.id}.atom").status_code == 404


def test_list_pages_and_proposal_page_link_their_data(client, published):
    p, _case, _d = published
    for url, href in (("/proposals/", "/open-data/proposals.csv"), ("/dialogues/", "/open-data/dialogues.json"),
                      (f"/proposals/{p.id}", f"/feeds/proposals/{p.id}.atom")):
        assert f'href="{href}"' in client.get(url).get_data(as_text=True), url
