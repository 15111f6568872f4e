"""Writing, previewing, listing and showing proposals through the web."""
import pytest

from portal.profile.models import District, Topic
from portal.proposals.models import Proposal, ProposalState as S


def form_data(db, **over):
    topic = db.session.scalar(db.select(Topic).where(Topic.slug == "cykel"))
    district = db.session.scalar(db.select(District).where(District.slug == "oxie"))
    data = {"title": "Säker cykelväg till Oxievångsskolan", "summary": "Barnen behöver en cykelbana.",
            "body": "Bygg en **separat** cykelbana.", "district_id": str(district.id),
            "topic_ids": [str(topic.id)], "duration_months": "6", "action": "preview"}
    data.update(over)
    return data


def test_write_preview_and_submit(client, auth, db, make_user):
    u = make_user()
    auth.login(u)
    r = client.post("/proposals/new", data=form_data(db))
    assert r.status_code == 302 and "/preview" in r.headers["Location"]
    p = db.session.scalar(db.select(Proposal).where(Proposal.author_id == u.id))
    assert p.state == S.DRAFT and p.duration_months == 6
    r = client.get(r.headers["Location"])
    assert "<strong>separat</strong>" in r.text
    r = client.post(f"/proposals/{p.id}/submit")
    assert r.status_code == 302
    assert db.session.get(Proposal, p.id).state == S.SUBMITTED
    # A double click: the second request changes nothing and does not fail.
    r = client.post(f"/proposals/{p.id}/submit")
    assert r.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Proposal.id)).where(Proposal.author_id == u.id)) == 1


def test_draft_is_kept_and_only_author_edits(client, auth, db, make_user):
    u = make_user()
    auth.login(u)
    r = client.post("/proposals/new", data=form_data(db, action="save"))
    p = db.session.scalar(db.select(Proposal).where(Proposal.author_id == u.id))
    assert r.headers["Location"].endswith(f"/proposals/{p.id}/edit")
    assert "Oxievångsskolan" in client.get(f"/proposals/{p.id}/edit").text
    auth.logout()
    auth.login(make_user())
    assert client.get(f"/proposals/{p.id}/edit").status_code == 404  # a draft is not visible to others
    assert client.post(f"/proposals/{p.id}/submit").status_code == 404


@pytest.mark.parametrize("over,message", [
    ({"title": "x" * 121}, "at most 120"),
    ({"title": ""}, "Write a title"),
    ({"summary": ""}, "short summary"),
    ({"district_id": "99999"}, "Not a valid choice"),
    ({"topic_ids": ["99999"]}, "not a valid choice"),
    ({"topic_ids": []}, "at least one topic"),
    ({"duration_months": "5"}, "Not a valid choice"),
])
def test_form_errors_keep_input_and_name_the_field(client, auth, db, make_user, over, message):
    auth.login(make_user(locale="en"))
    r = client.post("/proposals/new", data=form_data(db, **over))
    assert r.status_code == 200
    assert message.lower() in r.text.lower()
    assert 'id="error-summary"' in r.text
    assert "Bygg en **separat** cykelbana." in r.text  # input kept
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0


def test_form_errors_in_swedish(client, auth, db, make_user):
    auth.login(make_user(locale="sv"))
    r = client.post("/proposals/new", data=form_data(db, title=""))
    assert "Skriv en rubrik." in r.text


def test_unconfirmed_cannot_support_through_the_web(client, auth, db, make_user, make_proposal):
    p = make_proposal()
    auth.login(make_user(confirmed=False))
    r = client.post(f"/proposals/{p.id}/support")
    assert r.status_code == 403
    assert db.session.get(Proposal, p.id).support_count == 0


def test_support_and_unsupport_through_the_web(client, auth, db, make_user, make_proposal):
    p = make_proposal()
    auth.login(make_user())
    client.post(f"/proposals/{p.id}/support")
    client.post(f"/proposals/{p.id}/support")
    assert db.session.get(Proposal, p.id).support_count == 1
    client.post(f"/proposals/{p.id}/unsupport")
    assert db.session.get(Proposal, p.id).support_count == 0


def test_proposal_page_shows_status_timeline_count_and_end_date(client, make_proposal):
    p = make_proposal()
    client.get("/language/en")
    r = client.get(f"/proposals/{p.id}")
    assert r.status_code == 200
    assert "Collecting support" in r.text
    assert "Timeline" in r.text and "Awaiting moderation" in r.text
    assert "0 supports" in r.text
    assert "Collects support until" in r.text


def test_rejected_reason_shown_to_author_only(client, auth, make_proposal, make_user):
    author = make_user()
    p = make_proposal(state="rejected", author=author)
    assert client.get(f"/proposals/{p.id}").status_code == 404
    auth.login(author)
    assert "Innehåller personuppgifter." in client.get(f"/proposals/{p.id}").text


def test_list_filters_sort_and_paginate(app, client, make_proposal):
    a = make_proposal(title="Lekplats i Oxie", topics=("lekplatser",), district="oxie")
    b = make_proposal(title="Cykelbana i Husie", topics=("cykel",), district="husie")
    make_proposal(state="submitted", title="Hemligt utkast")
    r = client.get("/proposals/?district=oxie")
    assert a.title in r.text and b.title not in r.text
    r = client.get("/proposals/?topic=cykel")
    assert b.title in r.text and a.title not in r.text
    assert "Hemligt utkast" not in client.get("/proposals/").text
    for bad in ("?sort=;drop table", "?page=1000000000", "?page=abc", "?status=nonsense", "?district=<script>"):
        r = client.get("/proposals/" + bad)
        assert r.status_code == 200 and "<script>" not in r.text.split("</header>")[1]
    app.config["PAGE_SIZE"] = 1
    try:
        r = client.get("/proposals/?sort=support&page=2")
        assert r.status_code == 200 and 'rel="prev"' in r.text
    finally:
        app.config["PAGE_SIZE"] = 20


def test_similar_proposals_on_the_form(client, auth, db, make_user, make_proposal):
    make_proposal(title="Fler lekplatser i Kirseberg")
    r = client.get("/proposals/similar?title=Ny lekplats i Kirseberg")
    assert "Fler lekplatser i Kirseberg" in r.text
    auth.login(make_user())
    r = client.post("/proposals/new", data=form_data(db, title="Lekplatser i Kirseberg behövs", action="preview"))
    r = client.get(r.headers["Location"])
    assert "Fler lekplatser i Kirseberg" in r.text


def test_home_shows_newest_and_most_supported(client, make_proposal):
    make_proposal(title="Ett nytt förslag om parker", topics=("parker",))
    r = client.get("/")
    assert r.status_code == 200 and "Ett nytt förslag om parker" in r.text


def test_moderation_queue_only_for_moderators(client, auth, make_user, make_proposal, db):
    p = make_proposal(state="submitted")
    assert client.get("/moderation/").status_code == 302  # to login
    auth.login(make_user())
    assert client.get("/moderation/").status_code == 403
    assert client.post(f"/moderation/{p.id}/publish").status_code == 403
    auth.logout()
    auth.login(make_user(roles=["moderator"]))
    assert p.title in client.get("/moderation/").text
    r = client.post(f"/moderation/{p.id}/reject", data={"reason": ""})
    assert r.status_code == 400
    client.post(f"/moderation/{p.id}/publish")
    assert db.session.get(Proposal, p.id).state == S.PUBLISHED


def test_double_submission_of_a_new_proposal_creates_one(client, auth, db, make_user):
    u = make_user()
    auth.login(u)
    page = client.get("/proposals/new").text
    import re
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)
    data = form_data(db, form_token=token)
    first = client.post("/proposals/new", data=data)
    second = client.post("/proposals/new", data=data)  # the double click
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Proposal.id)).where(Proposal.author_id == u.id)) == 1
