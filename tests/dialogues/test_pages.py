"""Dialogue pages through the web: public list and page, officer forms, permissions, calendars, links."""
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from portal.dialogues import operations as ops
from portal.dialogues.models import Dialogue, DialogueState as D, Meeting
from portal.profile.models import Board, District, Topic


def form(db, **over):
    def ids(model, slugs):
        return [str(x.id) for x in db.session.scalars(db.select(model).where(model.slug.in_(slugs)))]
    today = date.today()
    data = {"title": "Trygg väg till skolan i Fosie", "description": "Hur tar ditt barn sig till skolan?",
            "board_ids": ids(Board, ["tekniska"]), "contact_name": "Tove", "contact_email": "tove@malmo.se",
            "level": "dialogue", "district_ids": ids(District, ["fosie"]), "topic_ids": ids(Topic, ["trafik"]),
            "target_groups": ["children"], "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(), "questions": "Hur går ni?\nVar känns det otryggt?"}
    data.update(over)
    return data


def test_public_list_and_page_show_status_and_level(client, make_dialogue):
    d = make_dialogue(state="open")
    r = client.get("/dialogues/")
    assert r.status_code == 200 and d.title in r.text
    assert "Öppen för synpunkter" in r.text or "Open for views" in r.text
    r = client.get(f"/dialogues/{d.id}")
    assert "badge dstate-open" in r.text and "badge level-consultation" in r.text
    assert "<strong>parken</strong>" in r.text
    assert client.get("/dialogues/?status=closed").text.count("card-title") == 0
    assert client.get("/dialogues/?district=oxie&level=consultation&board=tekniska").text.count("card-title") == 1
    assert client.get("/dialogues/?status=bogus").status_code == 200
    assert client.get("/dialogues/99999").status_code == 404


def test_level_is_explained_in_plain_words(client, make_dialogue):
    d = make_dialogue()
    client.get("/language/en")
    assert "Your views are collected and weighed in" in client.get(f"/dialogues/{d.id}").text


def test_officer_creates_through_the_form(client, auth, db, officer):
    auth.login(officer)
    r = client.post("/dialogues/new", data=form(db))
    assert r.status_code == 302
    d = db.session.scalar(db.select(Dialogue))
    assert d.title == "Trygg väg till skolan i Fosie" and d.state == D.PLANNED
    assert [q.text for q in d.questions] == ["Hur går ni?", "Var känns det otryggt?"]
    assert d.target_groups[0].value == "children" and d.created_by_id == officer.id


def test_form_refuses_dates_out_of_order(client, auth, db, officer):
    auth.login(officer)
    client.get("/language/en")
    r = client.post("/dialogues/new", data=form(db, starts_on="2026-06-01", ends_on="2026-05-01"))
    assert r.status_code == 200 and "cannot be before the first day" in r.text
    assert 'id="error-summary"' in r.text
    assert db.session.scalar(db.select(db.func.count(Dialogue.id))) == 0


def test_residents_and_other_boards_cannot_run_dialogues(client, auth, db, make_user, make_dialogue):
    d = make_dialogue(state="planned")
    auth.login(make_user())
    assert client.get("/dialogues/new").status_code == 403
    assert client.post("/dialogues/new", data=form(db)).status_code == 403
    assert client.get("/dialogues/coordination").status_code == 403
    assert client.post(f"/dialogues/{d.id}/state", data={"to": "open"}).status_code == 403
    auth.logout()
    auth.login(make_user(roles=["officer"], boards=["kultur"]))
    for path in (f"/dialogues/{d.id}/edit", f"/dialogues/{d.id}/feedback", f"/dialogues/{d.id}/meetings/new"):
        assert client.get(path).status_code == 403
    assert client.post(f"/dialogues/{d.id}/state", data={"to": "open"}).status_code == 403
    assert db.session.get(Dialogue, d.id).state == D.PLANNED
    assert client.get("/dialogues/moderation").status_code == 403
    auth.logout()
    assert client.get("/dialogues/new").status_code == 302  # to login


def test_web_lifecycle_and_closed_dialogue_refuses_contributions(client, auth, db, officer, make_dialogue, make_user):
    d = make_dialogue(state="planned")
    auth.login(officer)
    for to in ("open", "analysing"):
        assert client.post(f"/dialogues/{d.id}/state", data={"to": to}).status_code == 302
    r = client.post(f"/dialogues/{d.id}/state", data={"to": "closed"})
    assert r.status_code == 409
    board = d.boards[0]
    r = client.post(f"/dialogues/{d.id}/feedback", data={"heard": "Vi hörde", "decided": "Beslut", "why": "Därför",
                                                        "board_id": str(board.id)})
    assert r.status_code == 302
    client.post(f"/dialogues/{d.id}/state", data={"to": "feedback_published"})
    client.post(f"/dialogues/{d.id}/state", data={"to": "closed"})
    assert db.session.get(Dialogue, d.id).state == D.CLOSED
    auth.logout()
    auth.login(make_user(locale="en"))
    r = client.post(f"/dialogues/{d.id}/contribute", data={"body": "Sent"})
    assert r.status_code == 409 and "does not take contributions" in r.text
    page = client.get(f"/dialogues/{d.id}").text
    assert "Vi hörde" in page and "Därför" in page and board.names["en"] in page


def test_resident_contributes_and_moderator_publishes(client, auth, db, make_dialogue, make_user):
    d = make_dialogue()
    auth.login(make_user())
    r = client.post(f"/dialogues/{d.id}/contribute", data={"body": "Fler bänkar", "question_id": str(d.questions[0].id)})
    assert r.status_code == 302
    assert "Fler bänkar" not in client.get(f"/dialogues/{d.id}").text
    auth.logout()
    auth.login(make_user(roles=["moderator"]))
    queue = client.get("/dialogues/moderation").text
    assert "Fler bänkar" in queue
    assert "/dialogues/moderation" in client.get("/moderation/").text
    from portal.dialogues.models import Contribution
    c = db.session.scalar(db.select(Contribution))
    assert client.post(f"/dialogues/moderation/{c.id}", data={"action": "publish"}).status_code == 302
    assert "Fler bänkar" in client.get(f"/dialogues/{d.id}").text


def test_sign_up_and_ics(client, auth, db, make_dialogue, officer, make_user, meeting_data):
    d = make_dialogue()
    m = ops.save_meeting(d, officer, meeting_data(capacity=1))
    auth.login(make_user())
    assert client.post(f"/dialogues/{d.id}/meetings/{m.id}/signup").status_code == 302
    auth.logout()
    auth.login(make_user(locale="en"))
    client.post(f"/dialogues/{d.id}/meetings/{m.id}/signup")
    assert "You are on the waiting list" in client.get(f"/dialogues/{d.id}").text
    r = client.get(f"/dialogues/{d.id}/meetings/{m.id}.ics")
    assert r.mimetype == "text/calendar"
    cal = Calendar.from_ical(r.data)
    ev = cal.walk("VEVENT")[0]
    assert str(ev["UID"]) == f"dialogue-{d.id}-meeting-{m.id}@dialogportal"
    assert "DTSTAMP" in ev and ev.decoded("DTSTART") == m.starts_at
    feed = client.get(f"/dialogues/{d.id}/calendar.ics")
    assert feed.mimetype == "text/calendar"
    uids = [str(e["UID"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert uids == [str(ev["UID"])]  # stable across the meeting file and the feed
    assert client.get(f"/dialogues/{d.id}/meetings/999.ics").status_code == 404


def test_meeting_form_refuses_outside_period_and_low_capacity(client, auth, db, officer, make_dialogue, make_user,
                                                              meeting_data):
    d = make_dialogue()
    db.session.commit()  # the refused request rolls back its own transaction only
    auth.login(officer)
    client.get("/language/en")
    late = (d.ends_on + timedelta(days=3)).isoformat()
    r = client.post(f"/dialogues/{d.id}/meetings/new", data={"title": "Sent", "place": "Oxie", "capacity": "5",
                                                              "starts_at": f"{late}T18:00", "ends_at": f"{late}T20:00"})
    assert r.status_code == 409 and "within the dialogue" in r.text
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0
    m = ops.save_meeting(d, officer, meeting_data(capacity=3))
    ops.sign_up(m, make_user())
    ops.sign_up(m, make_user())
    db.session.commit()
    day = meeting_data()["starts_at"].date().isoformat()
    r = client.post(f"/dialogues/{d.id}/meetings/{m.id}/edit", data={
        "title": "Öppet möte", "place": "Oxie", "capacity": "1", "starts_at": f"{day}T18:00", "ends_at": f"{day}T20:00"})
    assert r.status_code == 409 and "2 people already signed up" in r.text
    assert db.session.get(Meeting, m.id).capacity == 3


def test_links_and_related_dialogues_on_proposal_page(client, auth, db, officer, make_dialogue, make_proposal):
    d = make_dialogue(topics=["parker"], districts=["oxie"])
    other = make_dialogue(topics=["kultur-bibliotek"], districts=["oxie"], title="Bibliotek i Oxie")
    p = make_proposal(title="Fler träd i Oxie park", topics=("parker",), district="oxie")
    page = client.get(f"/proposals/{p.id}").text
    assert d.title in page and other.title not in page
    auth.login(officer)
    assert client.post(f"/dialogues/{d.id}/links", data={"proposal_id": str(p.id)}).status_code == 302
    assert p.title in client.get(f"/dialogues/{d.id}").text
    client.post(f"/dialogues/{d.id}/links/{p.id}/remove")
    assert db.session.get(Dialogue, d.id).proposals == []


def test_district_page(client, db, make_dialogue, make_proposal):
    d = make_dialogue(districts=["oxie"])
    elsewhere = make_dialogue(districts=["hyllie"], title="Hyllie-dialog")
    p = make_proposal(title="Bänkar vid Oxie torg", district="oxie")
    answered = make_proposal(title="Belysning i Oxie", district="oxie", state="answered")
    from portal.proposals.models import Outcome
    answered.outcome = Outcome.GRANTED
    db.session.flush()
    r = client.get("/districts/oxie")
    assert r.status_code == 200
    assert d.title in r.text and p.title in r.text and answered.title in r.text and elsewhere.title not in r.text
    assert client.get("/districts/atlantis").status_code == 404


def test_coordination_view_lists_everything_and_has_a_calendar(client, auth, db, make_user, make_dialogue,
                                                              officer, meeting_data):
    d = make_dialogue(districts=["oxie"])
    ops.save_meeting(d, officer, meeting_data(title="Kvällsmöte"))
    make_dialogue(districts=[], title="Hela staden")
    auth.login(make_user(roles=["coordinator"]))
    month = meeting_data()["starts_at"].strftime("%Y-%m")
    r = client.get(f"/dialogues/coordination?month={month}")
    assert r.status_code == 200
    assert "<table class=\"month\">" in r.text and '<th scope="col">' in r.text
    assert "Kvällsmöte" in r.text and "Hela staden" in r.text and d.title in r.text
    assert client.get("/dialogues/coordination?month=2026-13").status_code == 200
    r = client.get("/dialogues/coordination?district=hyllie")
    assert d.title not in r.text
