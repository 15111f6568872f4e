"""Named supporters: the choice at support time, the paginated public list, taking support back,
the board's CSV of names, and the privacy export."""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy import event, select

from portal.privacy.operations import delete_account, export_data
from portal.proposals import operations as pops
from portal.proposals.models import Support


def _names(page: str) -> list[str]:
    block = re.search(r'<ol class="plain supporters".*?</ol>', page, re.S)
    return re.findall(r"<bdi>(.*?)</bdi>", block.group(0)) if block else []


def test_supporter_chooses_name_alias_or_count(client, auth, db, make_proposal, make_user):
    p = make_proposal()
    named, aliased, counted = make_user(name="Nora Namn"), make_user(name="Ali Alias"), make_user(name="Cilla Count")
    db.session.commit()
    auth.login(named)
    page = client.get(f"/proposals/{p.id}").text
    assert "Should your name be shown in the list of supporters?" in page and "Yes, show my name (Nora Namn)" in page
    assert client.post(f"/proposals/{p.id}/support", data={"show": "name"}).status_code == 302
    auth.logout()
    auth.login(aliased)
    # an alias chosen but not written is refused, and nothing is counted
    client.post(f"/proposals/{p.id}/support", data={"show": "alias", "alias": "  "})
    db.session.refresh(p)
    assert p.support_count == 1
    client.post(f"/proposals/{p.id}/support", data={"show": "alias", "alias": "Grannen på hörnet"})
    auth.logout()
    auth.login(counted)
    client.post(f"/proposals/{p.id}/support", data={})  # the default: only counted
    auth.logout()
    db.session.refresh(p)
    assert p.support_count == 3
    page = client.get(f"/proposals/{p.id}").text
    assert _names(page) == ["Nora Namn", "Grannen på hörnet"]
    assert "Cilla Count" not in page and "Ali Alias" not in page
    assert "3 supports" in page
    # taking support back removes the name
    auth.login(named)
    client.post(f"/proposals/{p.id}/unsupport")
    auth.logout()
    assert _names(client.get(f"/proposals/{p.id}").text) == ["Grannen på hörnet"]


def test_list_is_paginated_and_queries_stay_constant(client, db, app, make_proposal, make_user):
    p = make_proposal()
    for i in range(25):
        pops.support(p, make_user(name=f"Stödjare {i:02d}"), shown=True)
    pops.support(p, make_user(name="Räknad"))
    db.session.commit()
    page = client.get(f"/proposals/{p.id}").text
    assert len(_names(page)) == 20 and "All 25 named supporters" in page
    full = client.get(f"/proposals/{p.id}/supporters").text
    assert "26 supports in all." in full and "25 supporters show their name here" in full
    assert full.count("<bdi>Stödjare") == 25 and "Räknad" not in full

    def count(path):
        db.session.expire_all()  # both counts start from a cold session
        seen = []
        listen = lambda conn, cursor, statement, *a: seen.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        # the test's own savepoints are not the page's queries
        return sum(1 for st in seen if not st.startswith(("SAVEPOINT", "RELEASE")))

    few = count(f"/proposals/{p.id}/supporters")
    for i in range(30):
        pops.support(p, make_user(name=f"Fler {i}"), shown=True)
    db.session.commit()
    assert count(f"/proposals/{p.id}/supporters") == few
    assert "Next page" not in client.get(f"/proposals/{p.id}/supporters").text  # 55 fit on one page of 100


def test_hidden_proposal_has_no_public_supporter_list(client, db, make_proposal, make_user):
    from portal.moderation import operations as mops
    from portal.moderation.models import ModerationReason, ensure_default_reasons
    p = make_proposal()
    pops.support(p, make_user(name="Syns Ej"), shown=True)
    ensure_default_reasons()
    mops.hide(p, make_user(roles=["moderator"]), db.session.scalars(select(ModerationReason)).first())
    db.session.commit()
    assert "Syns Ej" not in client.get(f"/proposals/{p.id}").text
    assert client.get(f"/proposals/{p.id}/supporters").status_code == 404


def test_board_downloads_names_as_csv_never_emails(client, auth, db, handled, staff, make_user):
    case = handled()
    p = case.proposal
    p.state = type(p.state).PUBLISHED  # supports are given while collecting; put it back for the test
    pops.support(p, make_user(name="Nora Namn", email="nora@example.se"), shown=True)
    pops.support(p, make_user(name="=HYPERLINK(1)", email="x@example.se"), shown=True, alias="Grannen")
    pops.support(p, make_user(name="Cilla Count", email="cilla@example.se"))
    db.session.commit()
    auth.login(staff.tn)
    assert f"/handling/cases/{case.id}/supporters.csv" in client.get(f"/handling/cases/{case.id}").text
    r = client.get(f"/handling/cases/{case.id}/supporters.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["name"], x["alias"], x["shown_publicly"], x["verified_e_legitimation"]) for x in rows] == [
        ("Nora Namn", "", "yes", "no"), ("'=HYPERLINK(1)", "Grannen", "yes", "no"), ("Cilla Count", "", "no", "no")]
    assert "@" not in r.text
    auth.logout()
    auth.login(staff.kultur)  # a board not handling the proposal
    assert client.get(f"/handling/cases/{case.id}/supporters.csv").status_code == 403
    auth.logout()
    auth.login(make_user())
    assert client.get(f"/handling/cases/{case.id}/supporters.csv").status_code == 403


def test_privacy_export_and_deletion_cover_the_choice(db, make_proposal, make_user):
    p = make_proposal()
    user = make_user(name="Nora Namn")
    pops.support(p, user, shown=True, alias="N.N.")
    db.session.flush()
    (s,) = export_data(user)["supports"]
    assert s["name_shown"] is True and s["alias"] == "N.N."
    delete_account(user)
    assert db.session.scalar(select(Support).where(Support.user_id == user.id)) is None


def test_named_list_and_the_boards_export_say_which_supports_are_verified(client, auth, db, handled, staff,
                                                                          make_user):
    from portal.eid.models import Person
    case = handled()
    p = case.proposal
    p.state = type(p.state).PUBLISHED  # supports are given while collecting; put it back for the test
    pops.support(p, make_user(name="Ebba Epost"), shown=True)
    verified = make_user(name="Vera Verifierad")
    person = Person(pin_hmac="0" * 64, birth_year=1980, resident=True)   # an e-legitimated person
    db.session.add(person)
    db.session.flush()
    verified.person_id, verified.person = person.id, person
    pops.support(p, verified, shown=True, alias="Verifierad granne")
    db.session.commit()
    page = client.get(f"/proposals/{p.id}").text
    start, mine = page.index("Ebba Epost"), page.index("Verifierad granne")
    assert "verified with e-legitimation" not in page[start:mine]
    assert "verified with e-legitimation" in page[mine:mine + 200]
    auth.login(staff.tn)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/handling/cases/{case.id}/supporters.csv").text)))
    assert [r["verified_e_legitimation"] for r in rows] == ["no", "yes"]


def test_the_boards_csv_goes_through_the_one_writer(client, auth, db, handled, staff, make_user):
    """Names that a spreadsheet would still run (full-width ＝, a leading space) are neutralised too,
    and every cell is quoted, as in every other CSV the portal writes (OWASP, CSV injection)."""
    from tests.api.test_csv_injection import _assert_safe
    case = handled()
    p = case.proposal
    p.state = type(p.state).PUBLISHED  # supports are given while collecting; put it back for the test
    for i, payload in enumerate(["＝HYPERLINK(\"http://evil.example\")", " =1+1", "@SUM(1+1)", "\t=1+1"]):
        pops.support(p, make_user(name=f"Namn {i}"), shown=True, alias=payload)
    db.session.commit()
    auth.login(staff.tn)
    text = client.get(f"/handling/cases/{case.id}/supporters.csv").text
    assert "evil.example" in text
    _assert_safe(text)
