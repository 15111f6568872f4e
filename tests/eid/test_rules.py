"""The city's rules: what submitting and supporting require, residency, minimum age with a guardian,
verified supports counted apart and the threshold counting only them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.participation import EidRequired, ResidencyRequired
from portal.eid.identity import pin_hmac
from portal.eid.models import Person
from portal.proposals import operations as pops
from portal.proposals.models import ProposalState as S

from .oidc import claims, pin


@pytest.fixture
def verified_user(db, make_user):
    """make_user(...) linked to a person (born `born`, resident or not)."""
    n = iter(range(100, 999))

    def _make(born="19800101", resident=True, **kw):
        user = make_user(**kw)
        person = Person(pin_hmac=pin_hmac(pin(born, str(next(n)))), birth_year=int(born[:4]), resident=resident)
        db.session.add(person)
        db.session.flush()
        user.person_id = person.id
        user.person = person
        db.session.flush()
        return user
    return _make


def test_supporting_with_eid_required_refuses_mail_accounts_and_counts_verified(
        db, auth, client, make_user, make_proposal, verified_user, setting):
    p = make_proposal()
    early = make_user()
    pops.support(p, early)  # given while e-mail was enough
    setting("support_requires", "eid")
    setting("support_threshold", 2)
    p.support_threshold = 2
    db.session.flush()

    mail_only = make_user(locale="en")
    auth.login(mail_only)
    page = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "This needs an e-legitimation" in page and "Link my e-legitimation" in page
    r = client.post(f"/proposals/{p.id}/support")
    assert r.status_code == 403
    db.session.refresh(p)
    assert (p.support_count, p.verified_support_count) == (1, 0)
    auth.logout()

    first = verified_user(locale="en")
    auth.login(first)
    assert client.post(f"/proposals/{p.id}/support").status_code == 302
    db.session.refresh(p)
    # Two supports, but only one verified: the threshold of 2 is not reached.
    assert (p.support_count, p.verified_support_count, p.state) == (2, 1, S.PUBLISHED)
    page = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "1 verified support" in page and "Only supports verified with e-legitimation count" in page
    assert "1 further support was given without e-legitimation" in page
    auth.logout()

    second = verified_user(born="19750505")
    auth.login(second)
    client.post(f"/proposals/{p.id}/support")
    db.session.refresh(p)
    assert (p.support_count, p.verified_support_count) == (3, 2)
    assert p.state in (S.THRESHOLD_REACHED, S.IN_HANDLING)


def test_one_support_per_person_across_accounts(db, make_user, make_proposal, verified_user):
    from portal.proposals.models import Support
    p = make_proposal()
    a = verified_user()
    assert pops.support(p, a) is True
    # Another account that claims the same person (as a merge would briefly see it) adds nothing.
    b = make_user()
    b_person = a.person_id
    from sqlalchemy.exc import IntegrityError
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.execute(Support.__table__.insert().values(proposal_id=p.id, user_id=b.id, person_id=b_person))


def test_counts_say_which_supports_are_verified_when_email_is_enough(db, auth, client, make_user, make_proposal,
                                                                    verified_user):
    p = make_proposal()
    pops.support(p, make_user())
    pops.support(p, verified_user())
    viewer = make_user(locale="en")
    auth.login(viewer)
    page = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "2 supports" in page and "1 of them is verified with e-legitimation" in page
    assert pops.counts_toward_threshold(p) == 2


def test_taking_back_a_verified_support_lowers_both_counts(db, make_proposal, verified_user):
    p = make_proposal()
    u = verified_user()
    pops.support(p, u)
    assert pops.unsupport(p, u) is True
    assert (p.support_count, p.verified_support_count) == (0, 0)


def test_submitting_with_eid_and_residency_required(db, make_user, make_proposal, verified_user, setting):
    setting("submit_requires", "eid")
    setting("residency_required", True)
    mail_author = make_user()
    with pytest.raises(EidRequired):
        pops.submit(make_proposal(state="draft", author=mail_author), mail_author)
    outsider = verified_user(resident=False)
    with pytest.raises(ResidencyRequired):
        pops.submit(make_proposal(state="draft", author=outsider), outsider)
    resident = verified_user(resident=True)
    p = make_proposal(state="draft", author=resident)
    pops.submit(p, resident)
    assert p.state == S.SUBMITTED


def test_residency_comes_from_the_broker_claim(eid, client, db, setting):
    setting("residency_required", True)
    eid.login("bankid", "lund", claims(pin("19700707"), municipality="1281"))
    client.post("/eid/welcome", data={"display_name": "Lundabo"})
    eid.login("freja", "malmo", claims(pin("19710707"), municipality="1280"))
    client.post("/eid/welcome", data={"display_name": "Malmöbo"})
    by_year = {p.birth_year: p.resident for p in db.session.scalars(select(Person))}
    assert by_year == {1970: False, 1971: True}


def test_under_minimum_age_needs_a_guardian_before_publication(eid, auth, client, db, make_user, setting, app):
    from portal.accounts.models import User
    from portal.proposals.models import Proposal
    setting("minimum_age", 16)
    young = pin("20140303")
    eid.login("bankid", "kid", claims(young))
    client.post("/eid/welcome", data={"display_name": "Kid"})
    kid = db.session.scalar(select(User).where(User.display_name == "Kid"))
    assert kid.person.birth_year == 2014
    from portal.profile.models import Topic
    topic = db.session.scalar(select(Topic).limit(1))
    r = client.post("/proposals/new", data={"title": "Fler gungor i parken", "summary": "Gungor.",
                                            "body": "Vi vill ha fler gungor.", "duration_months": "3",
                                            "topic_ids": [str(topic.id)], "action": "preview"})
    assert r.status_code == 302
    p = db.session.scalar(select(Proposal).where(Proposal.author_id == kid.id))
    client.post(f"/proposals/{p.id}/submit")
    db.session.refresh(p)
    assert p.state == S.SUBMITTED and p.guardian_required
    page = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "/eid/guardian/" in page
    link = page.split("/eid/guardian/")[1].split("<")[0]

    moderator = make_user(roles=["moderator"])
    db.session.commit()  # as a request would: the refused requests below roll back what is uncommitted
    with pytest.raises(pops.GuardianApprovalMissing):
        pops.publish(p, moderator)

    # The author cannot approve their own proposal.
    r = client.post(f"/eid/guardian/{link}")
    assert r.status_code == 403
    client.post("/account/logout")
    # A guardian, an adult proven by e-legitimation, approves.
    eid.login("freja", "parent", claims(pin("19800808")))
    client.post("/eid/welcome", data={"display_name": "Förälder"})
    assert client.post(f"/eid/guardian/{link}").status_code == 302
    db.session.refresh(p)
    assert p.guardian_approved_at is not None and p.guardian_person_id is not None
    pops.publish(p, moderator)
    assert p.state == S.PUBLISHED


def test_moderators_see_that_a_guardian_has_not_approved_yet(db, auth, client, make_user, make_proposal,
                                                             verified_user, setting):
    setting("minimum_age", 16)
    kid = verified_user(born="20140101")
    p = make_proposal(state="submitted", author=kid)
    assert p.guardian_required
    moderator = make_user(roles=["moderator"], locale="en")
    db.session.commit()
    auth.login(moderator)
    from flask_babel import refresh
    refresh()
    page = client.get(f"/moderation/{p.id}").get_data(as_text=True)
    assert "a guardian approves the proposal before it can be published" in page
    assert "Publish the proposal" not in page


def test_no_minimum_age_by_default(db, make_proposal, verified_user):
    kid = verified_user(born="20150101")
    p = make_proposal(state="submitted", author=kid)
    assert not p.guardian_required


def test_linking_can_carry_a_proposal_over_a_verified_threshold(eid, auth, client, db, make_user, make_proposal,
                                                                verified_user, setting):
    setting("support_requires", "email")
    p = make_proposal()
    p.support_threshold = 2
    db.session.flush()
    mail_user = make_user()
    pops.support(p, mail_user)  # e-mail was enough when it was given
    setting("support_requires", "eid")
    pops.support(p, verified_user())
    db.session.commit()
    assert p.state == S.PUBLISHED  # 2 supports, 1 verified: under the verified threshold of 2
    auth.login(mail_user)
    eid.login("bankid", "late", claims(pin("19770303")), purpose="link")
    db.session.refresh(p)
    assert p.verified_support_count == 2 and p.state in (S.THRESHOLD_REACHED, S.IN_HANDLING)


def test_preview_offers_sending_to_eid_accounts_and_explains_a_requirement(db, auth, client, make_user, make_proposal,
                                                                          verified_user, setting):
    from flask_babel import refresh
    eid_only = verified_user(confirmed=False, locale="en")
    draft = make_proposal(state="draft", author=eid_only)
    db.session.commit()
    auth.login(eid_only)
    refresh()
    page = client.get(f"/proposals/{draft.id}/preview").get_data(as_text=True)
    assert "Send the proposal" in page and "confirm your e-mail" not in page.lower()
    auth.logout()

    setting("submit_requires", "eid")
    mail_only = make_user(locale="en")
    other_draft = make_proposal(state="draft", author=mail_only)
    db.session.commit()
    auth.login(mail_only)
    refresh()
    page = client.get(f"/proposals/{other_draft.id}/preview").get_data(as_text=True)
    assert "This needs an e-legitimation" in page and "Send the proposal" not in page
    assert "Link my e-legitimation" in page


def test_residency_is_not_asked_for_where_the_city_does_not_require_it(eid, client, db):
    eid.login("bankid", "any", claims(pin("19720707"), municipality="1280"))
    client.post("/eid/welcome", data={"display_name": "Någon"})
    person = db.session.scalar(select(Person))
    assert person.resident is None and person.residency_checked_at is None

