"""A meeting that approved something has taken place: no future dates, nothing before what it answers."""
from datetime import timedelta

import pytest

from portal.handling import operations as ops
from portal.proposals.models import Outcome

POINTS = {"positive": ["Tryggare skolväg"], "negative": ["Kostar mycket"]}


def test_a_statement_cannot_be_approved_in_the_future_or_before_the_consultation(db, handled, staff, walk):
    case = walk(handled(), "consultation")
    other = case.consulted[0]
    ops.save_statement(other, staff.grn, POINTS)
    with pytest.raises(ops.MeetingDateError, match="framtiden"):
        ops.approve_statement(other, staff.grn, ops.today() + timedelta(days=1), "§ 246")
    with pytest.raises(ops.MeetingDateError, match="innan remissen öppnades"):
        ops.approve_statement(other, staff.grn, ops.today() - timedelta(days=1), "§ 246")
    ops.approve_statement(other, staff.grn, ops.today(), "§ 246")
    assert other.meeting_date == ops.today()


def test_a_decision_cannot_be_dated_in_the_future_or_before_the_statements(db, handled, staff, walk):
    case = walk(handled(), "summary")
    with pytest.raises(ops.MeetingDateError, match="framtiden"):
        ops.decide(case, staff.tn, Outcome.GRANTED, "Ja", "§ 2", ops.today() + timedelta(days=47))
    with pytest.raises(ops.MeetingDateError, match="före det sista yttrandets"):
        ops.decide(case, staff.tn, Outcome.GRANTED, "Ja", "§ 2", ops.today() - timedelta(days=3))
    ops.decide(case, staff.tn, Outcome.GRANTED, "Ja", "§ 2", ops.today())


def test_a_future_decision_date_gets_a_clear_message_beside_the_field(client, auth, db, handled, staff, walk):
    case = walk(handled(), "summary")
    db.session.commit()
    auth.login(staff.tn)
    r = client.post(f"/handling/cases/{case.id}/decision",
                    data={"decision-outcome": "granted", "decision-reasoning": "Vi bygger.",
                          "decision-meeting_date": (ops.today() + timedelta(days=47)).isoformat(),
                          "decision-minute_ref": "§ 112"})
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "Datumet för sammanträdet kan inte ligga i framtiden" in body
    assert case.state.value != "decided"


def test_an_early_approval_is_refused_with_the_opening_date_in_the_readers_language(client, auth, db, handled,
                                                                                     staff, walk):
    case = walk(handled(), "consultation")
    other = case.consulted[0]
    ops.save_statement(other, staff.grn, POINTS)
    db.session.commit()
    staff.grn.locale = "en"
    db.session.commit()
    auth.login(staff.grn)
    r = client.post(f"/handling/assignments/{other.id}/approve",
                    data={"approve-meeting_date": (ops.today() - timedelta(days=30)).isoformat(),
                          "approve-minute_ref": "§ 246"})
    assert r.status_code == 400
    assert "cannot have been approved before the consultation opened" in r.get_data(as_text=True)
