"""Districts have names per language (admin-editable), with the Swedish name as the fallback."""
from flask_babel import refresh

from portal.profile.models import District


def test_admin_adds_an_arabic_name_and_readers_see_it_with_swedish_fallback(db, client, auth, make_user,
                                                                          make_proposal):
    admin = make_user(roles=["admin"])
    oxie = db.session.scalar(db.select(District).where(District.slug == "oxie"))
    p = make_proposal(state="published", district="oxie")
    db.session.commit()
    auth.login(admin)
    r = client.post(f"/admin/districts/{oxie.id}", data={"slug": "oxie", "name": "Oxie", "name_en": "",
                                                         "name_ar": "أوكسي"})
    assert r.status_code == 302
    assert oxie.names == {"ar": "أوكسي"} and oxie.swedish_name == "Oxie"
    form = client.get(f"/admin/districts/{oxie.id}").get_data(as_text=True)
    assert 'value="أوكسي"' in form
    auth.logout()
    client.get("/language/ar")
    refresh()
    assert "أوكسي" in client.get(f"/proposals/{p.id}").get_data(as_text=True)
    client.get("/language/en")
    refresh()
    body = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "Oxie" in body and "أوكسي" not in body  # no English name: the Swedish one


def test_queries_by_name_still_use_the_swedish_name(db):
    assert db.session.scalar(db.select(District.slug).where(District.name == "Limhamn-Bunkeflo")) == "limhamn-bunkeflo"
