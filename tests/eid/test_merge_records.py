"""Merging moves a person's other records: duplicates the kept account already holds are dropped,
and a conflict that cannot be dropped (the same meeting twice) refuses the merge, changing nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.dialogues import operations as dops
from portal.dialogues.models import Follower, Signup
from portal.eid import operations as eops
from portal.handling.models import MailPreference
from portal.proposals import operations as pops
from portal.proposals.models import Proposal
from tests.dialogues.conftest import dialogue_data, make_dialogue, meeting_data, officer  # noqa: F401

from .oidc import claims, pin

PERSON = pin("19920202", "321")


def _two_accounts(db, make_user):
    keep = make_user(locale="en")
    other = make_user(locale="en")
    proof = eops.Proof(pin_hmac=__import__("portal.eid.identity", fromlist=["x"]).pin_hmac(PERSON),
                       birth_year=1992, resident=True, loa="http://id.elegnamnden.se/loa/1.0/loa3")
    eops.link(other, proof)
    return keep, other, proof


def test_followers_and_mail_preferences_merge_without_duplicates(db, make_user, make_dialogue, make_proposal):
    keep, other, proof = _two_accounts(db, make_user)
    d = make_dialogue()
    dops.follow(d, keep)
    dops.follow(d, other)
    db.session.add_all([MailPreference(user_id=keep.id, weekly_digest=True),
                        MailPreference(user_id=other.id, weekly_digest=False)])
    authored = make_proposal(author=other, state="published")
    db.session.flush()
    eops.merge(keep, other, proof)
    assert db.session.scalar(select(func.count()).select_from(Follower).where(Follower.dialogue_id == d.id)) == 1
    assert db.session.get(MailPreference, keep.id).weekly_digest is True
    assert db.session.get(MailPreference, other.id) is None
    assert db.session.get(Proposal, authored.id).author_id == keep.id
    assert keep.person_id is not None and other.person_id is None and not other.active


def test_the_same_meeting_twice_refuses_the_merge_and_changes_nothing(
        db, client, auth, eid, make_user, make_dialogue, meeting_data, make_proposal, officer):
    keep = make_user(locale="en")
    d = make_dialogue()
    meeting = dops.save_meeting(d, officer, meeting_data())
    p = make_proposal()
    # The other account: made by e-legitimation, it supports and signs up too.
    eid.login("bankid", "sam", claims(PERSON))
    client.post("/eid/welcome", data={"display_name": "Sam"})
    other = db.session.scalar(select(User).where(User.display_name == "Sam"))
    dops.sign_up(meeting, other)
    pops.support(p, other)
    dops.sign_up(meeting, keep)
    db.session.commit()
    client.post("/account/logout")
    auth.login(keep)
    eid.login("bankid", "sam", claims(PERSON), purpose="link")
    r = client.post("/eid/merge")
    assert r.status_code == 409
    db.session.expire_all()
    assert db.session.get(User, other.id).active and db.session.get(User, other.id).person_id is not None
    assert db.session.get(User, keep.id).person_id is None
    assert db.session.scalar(select(func.count()).select_from(Signup).where(Signup.user_id == other.id)) == 1
    assert db.session.get(Proposal, p.id).verified_support_count == 1
