"""Logged-in readers share the blocks of public pages that are the same for everybody.

Home, the proposal list and search render their content once per few seconds for all readers;
a logged-in reader gets it inside a layout rendered for them (their name, their CSRF token,
their flash messages, a fresh CSP nonce), in their language.
"""
import re

import pytest

from tests.query_counter import QueryCounter


def nonce(r):
    return re.search(r"nonce-([\w-]+)", r.headers["Content-Security-Policy"]).group(1)


def main(html: str) -> str:
    return re.search(r'<main id="main"[^>]*>(.*)</main>', html, re.S).group(1)


@pytest.fixture
def cached(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0


@pytest.mark.parametrize("path", ["/", "/proposals/?sort=support", "/search?q=cykel"])
def test_logged_in_readers_share_the_content_not_the_layout(app, db, auth, make_user, make_proposal, cached, path):
    from portal.search import sync
    p = make_proposal(title="Cykelbana längs kanalen")
    db.session.commit()
    sync.run_until_empty()
    db.session.commit()
    anna, omar = make_user(name="Anna Andersson"), make_user(name="Omar Okänd")
    db.session.commit()
    anonymous = app.test_client().get(path)
    a, b = app.test_client(), app.test_client()
    auth.client = a
    auth.login(anna)
    a.get("/dialogues/")  # shows (and so uses up) the "logged in" message
    first = a.get(path)
    p.title = "Ändrad rubrik"
    db.session.commit()
    auth.client = b
    auth.login(omar)
    b.get("/dialogues/")
    with QueryCounter(db.engine) as counter:
        second = b.get(path)
    assert first.status_code == second.status_code == 200
    assert "Cykelbana längs kanalen" in second.text and "Ändrad rubrik" not in second.text  # shared content
    assert main(second.text) == main(first.text).replace(nonce(first), nonce(second))
    assert main(anonymous.text).replace(nonce(anonymous), "N") == main(first.text).replace(nonce(first), "N")
    assert "Omar Okänd" in second.text and "Anna Andersson" not in second.text  # the layout is the reader's
    assert nonce(first) != nonce(second) and nonce(first) not in second.text
    assert counter.count <= 2  # the account (and its roles); nothing of the page itself


def test_personal_pages_are_never_shared(app, db, auth, make_user, make_proposal, cached):
    p = make_proposal()
    db.session.commit()
    anna = make_user()
    db.session.commit()
    auth.login(anna)
    client = auth.client
    client.get(f"/proposals/{p.id}")
    p.title = "Ny rubrik på sidan"
    db.session.commit()
    assert "Ny rubrik på sidan" in client.get(f"/proposals/{p.id}").text


def test_a_flash_message_is_never_shared(app, db, auth, make_user, cached):
    anna, omar = make_user(), make_user()
    db.session.commit()
    a, b = app.test_client(), app.test_client()
    auth.client = b
    auth.login(omar)
    b.get("/dialogues/")
    auth.client = a
    auth.login(anna)
    assert "flash-success" in a.get("/proposals/").text  # "you are logged in", shown once, to her
    assert "flash" not in main(b.get("/proposals/").text)
    assert "flash" not in main(a.get("/proposals/").text)


def test_api_public_reads_are_shared_with_their_validators(app, db, client, make_proposal, cached):
    p = make_proposal(title="Delad i API:t")
    db.session.commit()
    first = client.get("/api/v1/proposals")
    p.title = "Ändrad i API:t"
    db.session.commit()
    with QueryCounter(db.engine) as counter:
        second = client.get("/api/v1/proposals")
        again = client.get("/api/v1/proposals", headers={"If-None-Match": first.headers["ETag"]})
    assert counter.count == 0
    assert second.get_data() == first.get_data() and "Delad i API:t" in second.text
    for header in ("ETag", "Cache-Control", "Content-Type"):
        assert second.headers[header] == first.headers[header], header
    assert again.status_code == 304 and not again.data
    assert "Ändrad i API:t" in client.get("/api/v1/proposals?per_page=21").get_json()["items"][0]["title"]
