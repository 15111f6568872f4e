"""Follow-up after a granted decision: the lead board's dated updates, the public page and timeline,
residents told in their language, the coordinators' overview, the statistic, search and the API."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from flask_babel import refresh
from sqlalchemy import select

from portal.errors import DomainError, PermissionDenied
from portal.handling import followup
from portal.handling.models import FollowUpStatus as F, MailPreference
from portal.outbox.models import OutboxEntry
from portal.proposals.models import Support


@pytest.fixture
def granted(db, handled, walk, staff, make_user):
    """A decided, partly granted joint case whose proposal has a supporter reading English."""
    def _make():
        case = handled()
        supporter = make_user(locale="en", name="Sam Supporter")
        # the proposal is already in handling: its support row is written as it was while collecting
        db.session.add(Support(proposal_id=case.proposal_id, user_id=supporter.id))
        walk(case, "decided")
        db.session.flush()
        return case, supporter
    return _make


def _mails(db, template):
    return [e.payload for e in db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email"))
            if e.payload["template"] == template]


def test_lead_publishes_dated_updates_and_residents_are_told(client, auth, db, granted, staff):
    case, supporter = granted()
    db.session.commit()
    auth.login(staff.tn)
    page = client.get(f"/handling/cases/{case.id}").text
    assert 'action="/handling/cases/%d/follow-up"' % case.id in page
    due = date.today() + timedelta(days=120)
    r = client.post(f"/handling/cases/{case.id}/follow-up", data={
        "followup-status": "planned", "followup-body": "Cykelbanan projekteras under våren.",
        "followup-due_on": due.isoformat()})
    assert r.status_code == 302
    (u,) = case.follow_ups
    assert u.status == F.PLANNED and u.due_on == due and u.author_id == staff.tn.id
    mails = {m["to"]: m for m in _mails(db, "proposal_follow_up")}
    assert supporter.email in mails and case.proposal.author.email in mails
    assert "Status: Planned" in mails[supporter.email]["body"]  # in the supporter's language
    assert "Cykelbanan projekteras" in mails[supporter.email]["body"]
    # stopped needs a reason
    r = client.post(f"/handling/cases/{case.id}/follow-up", data={
        "followup-status": "stopped", "followup-body": "Arbetet stoppas."})
    assert r.status_code == 400 and len(case.follow_ups) == 1
    r = client.post(f"/handling/cases/{case.id}/follow-up", data={
        "followup-status": "stopped", "followup-body": "Arbetet stoppas.", "followup-reason": "Marken är förorenad."})
    assert r.status_code == 302
    auth.logout()
    client.get("/language/en")
    refresh()  # mails rendered above leave their language cached on the test's app context
    page = client.get(f"/proposals/{case.proposal_id}").text
    assert "What happened afterwards" in page and "Cykelbanan projekteras under våren." in page
    assert "Why the work stopped: Marken är förorenad." in page
    assert page.count('href="#follow-up"') == 2  # both updates in the timeline
    # finished: no more updates
    auth.login(staff.tn)
    r = client.post(f"/handling/cases/{case.id}/follow-up", data={"followup-status": "started", "followup-body": "x"})
    assert r.status_code == 403


def test_only_the_lead_board_and_only_after_granting(db, handled, walk, staff):
    case = handled()
    with pytest.raises(DomainError) as refused:
        followup.publish_update(case, staff.tn, F.PLANNED, "För tidigt.")
    assert not isinstance(refused.value, PermissionDenied)  # the lead may; the case is not granted yet
    walk(case, "decided")
    with pytest.raises(PermissionDenied):
        followup.publish_update(case, staff.grn, F.PLANNED, "Inte ledande nämnd.")
    case.outcome = type(case.outcome).REJECTED
    with pytest.raises(DomainError):
        followup.publish_update(case, staff.tn, F.PLANNED, "Avslaget.")


def test_weekly_digest_readers_get_a_line(db, granted, staff):
    case, supporter = granted()
    db.session.add(MailPreference(user_id=supporter.id, weekly_digest=True))
    db.session.flush()
    followup.publish_update(case, staff.tn, F.STARTED, "Bygget har börjat.")
    lines = [e.payload for e in db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "digest"))]
    assert {"user_id": supporter.id, "proposal_id": case.proposal_id, "template": "proposal_follow_up"} in lines
    assert supporter.email not in {m["to"] for m in _mails(db, "proposal_follow_up")}


def test_overview_and_public_statistic_flag_overdue_and_missing(client, auth, db, granted, staff, app):
    from portal.db import utcnow
    overdue_case, _ = granted()
    followup.publish_update(overdue_case, staff.tn, F.STARTED, "Pågår.", due_on=date.today() - timedelta(days=1))
    missing_case, _ = granted()
    missing_case.decided_at = utcnow() - timedelta(days=45)
    fresh_case, _ = granted()  # decided today: not yet missing
    db.session.commit()
    rows = followup.overview()
    (row,) = [r for r in rows if r.board and r.board.slug == "tekniska"]
    assert row.granted == 3 and row.overdue == [overdue_case] and row.missing == [missing_case]
    assert row.in_progress == 1
    auth.login(staff.coordinator)
    page = client.get("/handling/follow-up").text
    assert f"/handling/cases/{overdue_case.id}" in page and f"/handling/cases/{missing_case.id}" in page
    assert f"/handling/cases/{fresh_case.id}" not in page
    auth.logout()
    auth.login(staff.tn)
    assert client.get("/handling/follow-up").status_code == 403
    auth.logout()
    client.get("/language/en")
    refresh()  # mails rendered above leave their language cached on the test's app context
    stats = client.get("/statistics").text
    assert "Follow-up of granted proposals" in stats
    csv_text = client.get("/statistics/follow_up.csv").text
    header, *lines = list(csv.reader(io.StringIO(csv_text)))   # every cell is quoted (CSV injection)
    assert len(header) == 7
    assert any(line[-2:] == ["1", "1"] for line in lines)  # one overdue, one missing


def test_search_and_api_carry_the_follow_up_facet(client, db, granted, staff):
    from portal.search.documents import load_proposals
    case, _ = granted()
    (doc,) = load_proposals([case.proposal_id])
    assert doc["follow_up"] == "missing"
    followup.publish_update(case, staff.tn, F.DONE, "Klart.")
    (doc,) = load_proposals([case.proposal_id])
    assert doc["follow_up"] == "done"
    assert db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "search")).all()
    db.session.commit()
    body = client.get(f"/api/v1/proposals/{case.proposal_id}").get_json()
    fu = body["handling"]["follow_up"]
    assert fu["state"] == "done" and fu["updates"][0]["status"] == "done"
    from portal.search.sync import run_once as sync_once
    sync_once()
    db.session.commit()
    r = client.get("/api/v1/search", query_string={"follow_up": "done"})
    assert r.status_code == 200
    assert [h["id"] for h in r.get_json()["hits"]] == [case.proposal_id]
    assert r.get_json()["facets"]["follow_up"] == {"done": 1}
    assert client.get("/api/v1/search", query_string={"follow_up": "missing"}).get_json()["total"] == 0
    client.get("/language/en")
    refresh()  # mails rendered above leave their language cached on the test's app context
    page = client.get("/search", query_string={"follow_up": "done"}).text
    assert "After the decision" in page and "Granted, done" in page


def test_privacy_export_lists_authored_updates(db, granted, staff):
    from portal.privacy.operations import export_data
    case, _ = granted()
    followup.publish_update(case, staff.tn, F.PLANNED, "Planeras.")
    (u,) = export_data(staff.tn)["follow_up_updates"]
    assert u["body"] == "Planeras." and u["case_id"] == case.id
