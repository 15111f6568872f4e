"""Linking an e-mail account to an e-legitimation, merging two accounts of one person, privacy."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import refresh
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.db import utcnow
from portal.eid.models import Person
from portal.proposals import operations as pops
from portal.proposals.models import Support

from .oidc import claims, pin

OMAR = pin("19851224", "417")


def _supports(db, user_id):
    return {s.proposal_id: s for s in db.session.scalars(select(Support).where(Support.user_id == user_id))}


def test_link_makes_earlier_supports_verified(eid, auth, client, db, make_user, make_proposal):
    user = make_user(locale="en")
    p = make_proposal()
    pops.support(p, user)
    assert p.verified_support_count == 0
    auth.login(user)
    r = eid.login("bankid", "omar", claims(OMAR), purpose="link")
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/")
    db.session.refresh(user)
    db.session.refresh(p)
    assert user.person is not None and user.person.birth_year == 1985
    assert _supports(db, user.id)[p.id].person_id == user.person_id
    assert (p.support_count, p.verified_support_count) == (1, 1)
    # The account page says it is linked; the same person logging in by e-ID gets this account.
    assert "Your account is linked to your e-legitimation" in client.get("/account/").get_data(as_text=True)
    client.post("/account/logout")
    r = eid.login("freja", "omar-freja", claims(OMAR))
    assert "/eid/welcome" not in r.headers["Location"]
    assert int(client.get("/account/").status_code) == 200


def _eid_account(eid, client, sub, number, name):
    eid.login("bankid", sub, claims(number))
    client.post("/eid/welcome", data={"display_name": name})
    client.post("/account/logout")


def test_two_accounts_of_one_person_are_linked_then_merged(eid, auth, client, db, make_user, make_proposal):
    p1, p2, p3 = make_proposal(title="Ett"), make_proposal(title="Två"), make_proposal(title="Tre")
    mail_account = make_user(name="Omar (e-post)", locale="en")
    pops.support(p1, mail_account)
    pops.support(p2, mail_account)
    _eid_account(eid, client, "omar", OMAR, "Omar")
    eid_account = db.session.scalar(select(User).where(User.display_name == "Omar"))
    pops.support(p1, eid_account)
    pops.support(p3, eid_account)
    # The e-mail account's support of p1 was the earlier one; make that unmistakable.
    first = _supports(db, mail_account.id)[p1.id]
    first.created_at = utcnow() - timedelta(days=3)
    db.session.flush()
    db.session.refresh(p1)
    assert (p1.support_count, p1.verified_support_count) == (2, 1)

    auth.login(mail_account)
    r = eid.login("bankid", "omar", claims(OMAR), purpose="link")
    assert r.headers["Location"].endswith("/eid/merge")
    refresh()  # the test's app context outlives requests: forget the locale an earlier page cached
    page = client.get("/eid/merge").get_data(as_text=True)
    assert "already linked to another account" in page and "Merge the accounts" in page
    assert client.post("/eid/merge").status_code == 302

    db.session.expire_all()
    kept = _supports(db, mail_account.id)
    assert set(kept) == {p1.id, p2.id, p3.id}
    assert kept[p1.id].id == first.id  # the earlier support is the one kept
    assert all(s.person_id == mail_account.person_id for s in kept.values())
    assert not _supports(db, eid_account.id)
    for p, total in ((p1, 1), (p2, 1), (p3, 1)):
        db.session.refresh(p)
        assert (p.support_count, p.verified_support_count) == (total, total)
    closed = db.session.get(User, eid_account.id)
    assert closed.deleted_at is not None and not closed.active and closed.person_id is None
    assert db.session.scalar(select(func.count(Person.id))) == 1
    # The same person logging in by e-ID now lands in the kept account.
    client.post("/account/logout")
    eid.login("freja", "omar-2", claims(OMAR))
    assert client.get("/account/").status_code == 200
    assert db.session.get(User, mail_account.id).person_id is not None


def test_merge_is_refused_with_an_explanation_when_the_other_account_is_staff(eid, auth, client, db, make_user):
    staff = make_user(roles=["moderator"])
    person = Person(pin_hmac=__import__("portal.eid.identity", fromlist=["pin_hmac"]).pin_hmac(OMAR), birth_year=1985)
    db.session.add(person)
    db.session.flush()
    staff.person_id = person.id
    db.session.flush()
    resident = make_user(locale="en")
    auth.login(resident)
    r = eid.login("bankid", "omar", claims(OMAR), purpose="link")
    assert r.headers["Location"].endswith("/eid/merge")
    refresh()  # the test's app context outlives requests: forget the locale an earlier page cached
    page = client.get("/eid/merge").get_data(as_text=True)
    assert "Staff accounts are not merged here" in page and "Merge the accounts" not in page
    client.post("/eid/merge")
    db.session.expire_all()
    assert db.session.get(User, resident.id).person_id is None
    assert db.session.get(User, staff.id).person_id == person.id


def test_export_and_deletion_cover_the_e_legitimation(eid, auth, client, db, make_user, make_proposal):
    from portal.privacy.operations import delete_account, export_data
    p = make_proposal()
    _eid_account(eid, client, "omar", OMAR, "Omar")
    user = db.session.scalar(select(User).where(User.display_name == "Omar"))
    pops.support(p, user)
    data = export_data(user)
    assert data["e_legitimation"]["birth_year"] == 1985 and data["e_legitimation"]["pin_hmac"]
    assert OMAR not in str(data)
    assert data["supports"] == [{"proposal_id": p.id, "at": data["supports"][0]["at"], "verified": True,
                                 "name_shown": False, "alias": None}]
    delete_account(user)
    assert db.session.scalar(select(func.count(Person.id))) == 0
    assert db.session.get(User, user.id).person_id is None


def test_an_eid_only_account_gets_its_export_link_directly(eid, client, db):
    _eid_account(eid, client, "omar", OMAR, "Omar")
    eid.login("bankid", "omar", claims(OMAR))
    r = client.post("/account/data/export")
    assert "/account/data/download/" in r.headers["Location"]
    data = client.post(r.headers["Location"]).get_json()
    assert data["e_legitimation"]["birth_year"] == 1985 and OMAR not in str(data)


def test_retention_keeps_eid_accounts_that_have_no_address_to_confirm(eid, client, db, make_user):
    from portal.privacy.operations import retention
    _eid_account(eid, client, "omar", OMAR, "Omar")
    user = db.session.scalar(select(User).where(User.display_name == "Omar"))
    unconfirmed = make_user(confirmed=False)
    for u in (user, unconfirmed):
        u.created_at = utcnow() - timedelta(days=400)
    db.session.flush()
    retention()
    assert db.session.get(User, user.id) is not None and db.session.get(User, unconfirmed.id) is None
