"""Official handling and dialogue actions leave audit entries; deadlines follow the admin settings."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.admin.operations import save_settings
from portal.audit.models import AuditEntry
from portal.handling import operations as ops
from portal.handling import workdays
from portal.profile.models import Board
from portal.proposals.models import ProposalState as S


def entries(db, action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def one(db, action, actor, target_id=None):
    found = entries(db, action)
    assert len(found) == 1, (action, found)
    e = found[0]
    assert e.actor_id == (actor.id if actor else None)
    assert e.before is not None and e.after is not None and e.before != e.after
    if target_id is not None:
        assert e.target_id == str(target_id)
    return e


def _board(db, slug):
    return db.session.scalar(select(Board).where(Board.slug == slug))


def test_routing_decision_is_audited(db, make_proposal, staff):
    p = make_proposal(title="Säker cykelväg till skolan", topics=("cykel", "grundskola"), district="oxie")
    p.transition(S.THRESHOLD_REACHED, None)
    case = ops.start_handling(p, staff.coordinator)
    e = one(db, "proposal.start_handling", staff.coordinator, p.id)
    assert e.before == {"state": "threshold_reached"}
    assert e.after["state"] == "in_handling" and e.after["case"] == case.id
    assert e.after["lead"] == "tekniska" and "grundskola" in e.after["boards"]


def test_triage_is_audited(db, handled, staff):
    case = handled(title="Hej", body="Lorem ipsum dolor sit amet.", topics=(), district=None)
    ops.triage(case, staff.coordinator, [_board(db, "kultur").id], _board(db, "tekniska").id, "Gäller gator")
    e = one(db, "case.triage", staff.coordinator, case.id)
    assert e.before["state"] == "triage" and e.before["boards"] == []
    assert e.after == {"state": "open", "boards": ["tekniska", "kultur"], "lead": "tekniska",
                       "reference": case.reference, "reason": "Gäller gator"}


def test_accept_and_decline_are_audited(db, handled, staff):
    case = handled()
    ops.accept(case.lead, staff.tn)
    e = one(db, "assignment.accept", staff.tn, case.lead.id)
    assert e.before["state"] == "new" and e.after["state"] == "accepted"
    declined = case.consulted[0]
    ops.decline(declined, staff.grn, "Gäller inte skolan.", _board(db, "kultur"))
    e = one(db, "assignment.decline", staff.grn, declined.id)
    assert e.before["boards"] == ["tekniska", "grundskola"] and e.before["state"] == "new"
    assert e.after["state"] == "declined" and e.after["suggested"] == "kultur"
    assert e.after["boards"] == ["tekniska", "kultur"] and e.after["reason"] == "Gäller inte skolan."


def test_consultation_statements_summary_and_decision_are_audited(db, handled, staff, walk):
    case = walk(handled(), "decided")
    other = case.consulted[0]
    e = one(db, "consultation.open", staff.tn, case.id)
    assert e.before == {"state": "open"} and e.after["state"] == "consultation"
    assert e.after["consulted"] == ["grundskola"]
    e = one(db, "statement.draft", staff.grn, other.id)
    assert e.before["state"] == "accepted" and e.after["points"]["negative"] == ["Kostar mycket"]
    e = one(db, "statement.approve", staff.grn, other.id)
    assert e.after == {"state": "approved", "board": "grundskola", "case": case.id,
                       "meeting_date": ops.today().isoformat(), "minute_ref": "§ 246"}
    e = one(db, "statement.send", staff.grn, other.id)
    assert e.before["state"] == "approved" and e.after["state"] == "sent"
    e = one(db, "consultation.summary", staff.tn, case.id)
    assert e.before == {"summary": None} and e.after["comments"] == ["Vi söker medfinansiering."]
    e = one(db, "case.decide", staff.tn, case.id)
    assert e.before == {"state": "consultation", "proposal_state": "in_handling"}
    assert e.after["state"] == "decided" and e.after["outcome"] == "partly_granted"
    assert e.after["minute_ref"] == "§ 112"


def _next_working_day(day: date) -> date:
    return workdays.add_working_days(day, 1)


def test_an_added_holiday_moves_the_acceptance_deadline(db, handled, staff):
    start = ops.today()
    plain = workdays.add_working_days(start, 5)
    assert handled().lead.accept_due == plain
    day_off = _next_working_day(start)  # a working day inside the period
    save_settings(staff.admin, {"holidays": [day_off.isoformat()]})
    assert ops.add_working_days(start, 5) == _next_working_day(plain)
    assert handled().lead.accept_due == _next_working_day(plain)


def test_deadline_settings_replace_the_configuration(db, handled, staff, app):
    start = ops.today()
    save_settings(staff.admin, {"accept_within_days": 8, "case_due_months": 6})
    case = handled()
    assert case.lead.accept_due == workdays.add_working_days(start, 8)
    assert case.due_at.date() <= (start + timedelta(days=6 * 31))
    assert ops.deadline_setting("consultation_days") == app.config["CONSULTATION_WORKING_DAYS"]


def test_consultation_form_proposes_a_deadline_from_the_settings(client, auth, db, handled, staff, walk):
    case = walk(handled(), "accepted")
    save_settings(staff.admin, {"consultation_days": 3, "holidays": [_next_working_day(ops.today()).isoformat()]})
    db.session.commit()
    auth.login(staff.tn)
    resp = client.get(f"/handling/cases/{case.id}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    expected = workdays.add_working_days(ops.today(), 4)  # three working days, one of them now a day off
    assert f'value="{expected.isoformat()}"' in html
