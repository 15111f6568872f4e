"""Planning a dialogue: kind, feedback date and the organisers' checklist; links from each step to the guide."""
from datetime import date, timedelta

import pytest

from portal.dialogues.models import Dialogue, DialogueKind
from tests.dialogues.conftest import ids

from tests.query_counter import QueryCounter

from .conftest import get, switch


def _form(db, **over):
    from portal.profile.models import Board, District, Topic
    today = date.today()
    data = {"title": "Brukarråd på dagliga verksamheten", "description": "Hur kan dagarna bli bättre?",
            "board_ids": ids(db, Board, ["tekniska"]), "contact_name": "Tove", "contact_email": "tove@malmo.se",
            "kind": "user", "level": "dialogue", "purpose_stated": "y", "district_ids": ids(db, District, ["husie"]),
            "topic_ids": ids(db, Topic, ["parker"]), "target_groups": ["disabilities"],
            "starts_on": (today + timedelta(days=5)).isoformat(), "ends_on": (today + timedelta(days=40)).isoformat(),
            "feedback_due": (today + timedelta(days=70)).isoformat(), "overlap_checked": "y", "questions": "Vad saknar du?"}
    data.update(over)
    return data


def test_form_links_every_step_to_its_guide_section(client, auth, officer, guidance):
    auth.login(officer)
    switch(client, "en")
    html = get(client, "/dialogues/new")[1]
    for slug in ("kind-and-level", "overlap", "representatives", "reach", "feedback"):
        assert f'href="/guide#guide-{slug}"' in html
    assert 'name="kind"' in html and 'name="feedback_due"' in html
    assert "Guide: Checking for overlapping dialogues" in html


def test_feedback_form_links_to_the_feedback_section(db, client, auth, officer, make_dialogue, guidance):
    d = make_dialogue(state="analysing")
    db.session.commit()
    auth.login(officer)
    assert 'href="/guide#guide-feedback"' in get(client, f"/dialogues/{d.id}/feedback")[1]


def test_officer_creates_a_user_dialogue_with_level_and_feedback_date(db, client, auth, officer, guidance):
    auth.login(officer)
    r = client.post("/dialogues/new", data=_form(db))
    assert r.status_code == 302, r.get_data(as_text=True)
    d = db.session.scalar(db.select(Dialogue).where(Dialogue.title == "Brukarråd på dagliga verksamheten"))
    assert d.kind == DialogueKind.USER and d.feedback_due == date.today() + timedelta(days=70)
    assert d.purpose_stated and d.overlap_checked
    switch(client, "en")
    html = get(client, f"/dialogues/{d.id}")[1]
    assert 'href="/glossary#term-brukardialog"' in html
    assert "Checklist: 4 of 6 done" in html and "To do: Meetings accessible" in html


def test_feedback_date_before_the_last_day_is_refused(db, client, auth, officer, guidance):
    auth.login(officer)
    switch(client, "en")
    r = client.post("/dialogues/new", data=_form(db, feedback_due=date.today().isoformat()))
    assert r.status_code == 200 and "Feedback cannot be promised before the dialogue has ended." in r.text
    r.close()


def test_checklist_is_computed_from_the_data(db, officer, make_dialogue, meeting_data):
    from portal.dialogues import operations as ops
    d = make_dialogue(state="open")
    done = dict((k, ok) for k, _label, ok in d.checklist)
    assert done == {"purpose": False, "level": True, "overlap": False, "accessibility": False,
                    "feedback_due": True, "feedback": False}
    ops.save_meeting(d, officer, meeting_data())
    ops.save_meeting(d, officer, meeting_data(title="Utan info", accessibility=""))
    assert dict((k, ok) for k, _l, ok in d.checklist)["accessibility"] is False
    d.meetings[1].accessibility = "Ramp"
    assert dict((k, ok) for k, _l, ok in d.checklist)["accessibility"] is True
    d2 = make_dialogue(state="feedback_published", title="Klar", purpose_stated=True, overlap_checked=True)
    assert d2.checklist_done == 5  # everything but the meetings' accessibility (it has no meetings)


def test_kind_filters_the_list_and_the_coordination_view(db, client, auth, officer, make_dialogue, guidance):
    make_dialogue(title="Medborgar A")
    make_dialogue(title="Kunskap B", kind=DialogueKind.KNOWLEDGE, districts=["fosie"])
    db.session.commit()
    html = get(client, "/dialogues/?kind=knowledge")[1]
    assert "Kunskap B" in html and "Medborgar A" not in html
    auth.login(officer)
    html = get(client, "/dialogues/coordination?kind=citizen")[1]
    assert "Medborgar A" in html and "Kunskap B" not in html
    assert "of 6" in html or "av 6" in html


@pytest.mark.parametrize("path", ["/dialogues/", "/dialogues/coordination"])
def test_list_query_counts_stay_flat_with_kind_and_checklist(db, client, auth, officer, make_dialogue,
                                                             meeting_data, guidance, path):
    from portal.dialogues import operations as ops
    auth.login(officer)
    counts = []
    for n in (2, 7):
        while db.session.scalar(db.select(db.func.count(Dialogue.id))) < n:
            d = make_dialogue(title=f"D{n}", kind=DialogueKind.USER)
            ops.save_meeting(d, officer, meeting_data())
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            assert get(client, path)[0] == 200
        counts.append(qc.count)
    assert counts[0] == counts[1], counts
