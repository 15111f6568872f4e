"""The overlap warning: the same residents asked by several departments at the same time."""
from datetime import timedelta

from portal.dialogues.models import Dialogue
from portal.dialogues.queries import overlaps, overlaps_of
from tests.dialogues.test_pages import form


def test_realistic_overlap_in_rosengard(db, make_user, make_dialogue):
    """Fritid asks young people in Rosengård about a youth centre; Tekniska plans a park dialogue for the same
    young people a month later; Kultur's library dialogue in Rosengård targets the elderly, Hyllie is elsewhere."""
    fritid = make_user(roles=["officer"], boards=["fritid"], name="Fredrik Fritid")
    youth = make_dialogue(actor=fritid, boards=["fritid"], districts=["rosengard"], topics=["idrott-fritid"],
                          target_groups=["young_people"], title="Fritidsgården i Rosengård",
                          contact_name="Fredrik Fritid", contact_email="fredrik@malmo.se")
    kultur = make_user(roles=["officer"], boards=["kultur"])
    make_dialogue(actor=kultur, boards=["kultur"], districts=["rosengard"], topics=["kultur-bibliotek"],
                  target_groups=["elderly"], title="Biblioteket för seniorer")
    make_dialogue(boards=["tekniska"], districts=["hyllie"], target_groups=["young_people"], title="Hyllie park")
    closed = make_dialogue(state="closed", districts=["rosengard"], target_groups=["young_people"], title="Gammal")
    planned = make_dialogue(state="planned", districts=["rosengard", "fosie"], topics=["parker"],
                            target_groups=["young_people", "families"], title="Aktivitetspark i Rosengård",
                            starts_on=youth.starts_on + timedelta(days=30), ends_on=youth.ends_on + timedelta(days=60))
    found = overlaps_of(planned)
    assert [o.dialogue.title for o in found] == ["Fritidsgården i Rosengård"]
    o = found[0]
    assert [d.slug for d in o.districts] == ["rosengard"]
    assert [g.value for g in o.target_groups] == ["young_people"]
    assert o.dialogue.contact_name == "Fredrik Fritid"
    assert closed.title not in [x.dialogue.title for x in found]


def test_no_overlap_when_periods_do_not_meet(db, make_dialogue):
    d = make_dialogue(districts=["oxie"])
    assert overlaps(d.ends_on + timedelta(days=1), d.ends_on + timedelta(days=30), [x.id for x in d.districts],
                    ["families"], []) == []
    assert len(overlaps(d.ends_on, d.ends_on + timedelta(days=30), [x.id for x in d.districts], ["families"], [])) == 1


def test_shared_topic_alone_is_enough(db, make_dialogue):
    d = make_dialogue(districts=["oxie"], topics=["parker"], target_groups=["elderly"])
    found = overlaps(d.starts_on, d.ends_on, [x.id for x in d.districts], ["children"], [t.id for t in d.topics])
    assert [o.dialogue.id for o in found] == [d.id] and found[0].topics and not found[0].target_groups


def test_form_warns_names_contacts_and_suggests_joint_dialogue(client, auth, db, officer, make_user, make_dialogue):
    grn = make_user(roles=["officer"], boards=["grundskola"])
    make_dialogue(actor=grn, boards=["grundskola"], districts=["fosie"], topics=["grundskola"],
                  target_groups=["children", "families"], title="Skolvägar i Fosie",
                  contact_name="Gustav Grundskola", contact_email="gustav@malmo.se")
    db.session.commit()
    auth.login(officer)
    client.get("/language/en")
    r = client.post("/dialogues/new", data=form(db))
    assert r.status_code == 200
    assert "Skolvägar i Fosie" in r.text and "Gustav Grundskola" in r.text and "gustav@malmo.se" in r.text
    assert "joint dialogue" in r.text and "Children" in r.text
    assert db.session.scalar(db.select(db.func.count(Dialogue.id))) == 1  # nothing saved yet
    r = client.post("/dialogues/new", data=form(db, overlap_ack="y"))
    assert r.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Dialogue.id))) == 2
    d = db.session.scalar(db.select(Dialogue).where(Dialogue.title == "Trygg väg till skolan i Fosie"))
    assert "Skolvägar i Fosie" in client.get(f"/dialogues/{d.id}").text  # still shown to the organiser
