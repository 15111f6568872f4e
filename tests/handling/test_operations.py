"""From proposal to case: routing, references, assignments, consultation, decision, corrections."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.errors import DomainError, IllegalTransition, PermissionDenied
from portal.handling import operations as ops
from portal.handling.models import AssignmentState as A, CaseState as C, RoutingCorrection
from portal.handling.workdays import add_working_days
from portal.outbox.models import OutboxEntry
from portal.profile.models import Board
from portal.proposals.models import Outcome, ProposalState as S


def _board(db, slug):
    return db.session.scalar(select(Board).where(Board.slug == slug))


def _mails(db, template=None):
    rows = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email")).all()
    return [r.payload for r in rows if template is None or r.payload["template"] == template]


def test_cycle_path_to_school_is_routed_to_streets_and_schools(db, handled, staff):
    case = handled()
    year = ops.today().year
    assert case.proposal.state == S.IN_HANDLING
    assert case.state == C.OPEN
    assert case.decision.boards == ["tekniska", "grundskola"] and case.decision.lead == "tekniska"
    assert case.decision.ruleset_version and case.decision.matches
    assert case.reference.startswith(f"TN-{year}-") and len(case.reference) == len(f"TN-{year}-00001")
    assert [(a.board.slug, a.role.value, a.state) for a in case.assignments] == [
        ("tekniska", "lead", A.NEW), ("grundskola", "consulted", A.NEW)]
    assert case.lead.accept_due == add_working_days(ops.today(), 5)
    assert case.due_at.year == case.created_at.year + 1
    # Officers of both boards hear about it; the author is told the proposal went to handling.
    to = {m["to"] for m in _mails(db, "assignment_new")}
    assert {staff.tn.email, staff.grn.email} <= to
    assert case.proposal.author.email in {m["to"] for m in _mails(db, "proposal_in_handling")}


def test_references_are_per_lead_board_and_year_and_increase(db, handled):
    first, second = handled(), handled()
    n1, n2 = int(first.reference.rsplit("-", 1)[1]), int(second.reference.rsplit("-", 1)[1])
    assert n2 == n1 + 1
    school = handled(title="Läxhjälp i skolan", body="Eleverna i grundskolan behöver läxhjälp efter skolan.",
                     topics=("grundskola",), district=None)
    assert school.reference.startswith("GRN-")


def test_publication_with_threshold_zero_starts_handling(app, db, make_proposal):
    app.config["SUPPORT_THRESHOLD"] = 0
    try:
        p = make_proposal(state="published", body="Bygg en säker cykelbana till skolan i Oxie.")
    finally:
        app.config["SUPPORT_THRESHOLD"] = 100
    assert p.state == S.IN_HANDLING
    from portal.handling.queries import public_case
    assert public_case(p.id).reference.startswith("TN-")


def test_joint_case_from_consultation_to_answer(db, handled, staff, walk, make_user):
    case = handled()
    supporter = make_user()
    from portal.proposals.models import Support
    db.session.add(Support(proposal_id=case.proposal_id, user_id=supporter.id))
    walk(case, "sent")
    assert case.state == C.CONSULTATION and case.statements_received == 1
    assert ops.can_compile(case)
    summary = ops.generate_summary(case)
    assert "Tryggare skolväg" in summary and "Kostar mycket" in summary and "§ 246" in summary
    assert summary.index("Tryggare") < summary.index("Kostar")  # grouped by kind
    assert [p for _, p in ops.criticisms(case)] == ["Kostar mycket"]
    ops.save_summary(case, staff.tn, summary + "\n\nRedigerad.", ["Vi söker medfinansiering."])
    assert case.criticism_comments[0]["comment"] == "Vi söker medfinansiering."
    ops.decide(case, staff.tn, Outcome.PARTLY_GRANTED, "Cykelbanan byggs 2027.", "§ 112", ops.today())
    assert case.state == C.DECIDED and case.proposal.state == S.ANSWERED
    assert case.proposal.outcome == Outcome.PARTLY_GRANTED
    assert case.lead.state == A.SENT
    answered = {m["to"] for m in _mails(db, "proposal_answered")}
    assert {case.proposal.author.email, supporter.email} <= answered


def test_officer_acts_only_for_own_board(db, handled, staff):
    case = handled()
    with pytest.raises(PermissionDenied):
        ops.accept(case.consulted[0], staff.tn)
    with pytest.raises(PermissionDenied):
        ops.accept(case.lead, staff.kultur)
    with pytest.raises(PermissionDenied):
        ops.accept(case.lead, staff.representative)
    ops.accept(case.lead, staff.coordinator)  # coordinators act across boards
    assert case.lead.state == A.ACCEPTED


def test_illegal_moves_are_refused(db, handled, staff, walk):
    case = handled()
    with pytest.raises(DomainError):  # not accepted yet
        ops.open_consultation(case, staff.tn, "Frågor", ops.today() + timedelta(days=10))
    walk(case, "accepted")
    with pytest.raises(IllegalTransition):
        ops.accept(case.lead, staff.tn)
    with pytest.raises(DomainError):  # no statement outside a consultation
        ops.save_statement(case.consulted[0], staff.grn, {"positive": ["Bra"]})
    with pytest.raises(IllegalTransition):
        ops.approve_statement(case.consulted[0], staff.grn, date(2026, 3, 1), "§ 1")
    ops.open_consultation(case, staff.tn, "Frågor", ops.today() + timedelta(days=10))
    with pytest.raises(DomainError):  # consultation open: summary first
        ops.decide(case, staff.tn, Outcome.GRANTED, "Ja", "§ 2", date(2026, 3, 1))


def test_summary_waits_for_statements_or_deadline(db, handled, staff, walk):
    case = walk(handled(), "consultation")
    assert not ops.can_compile(case)
    with pytest.raises(DomainError):
        ops.save_summary(case, staff.tn, "Sammanfattning", [])
    case.consultation_deadline = ops.today() - timedelta(days=1)
    assert ops.can_compile(case)


def test_remind_mails_boards_that_have_not_answered(db, handled, staff, walk):
    case = walk(handled(), "consultation")
    assert ops.remind(case, staff.tn) == 1
    assert staff.grn.email in {m["to"] for m in _mails(db, "statement_reminder")}
    with pytest.raises(PermissionDenied):
        ops.remind(case, staff.grn)


def test_decline_with_suggestion_reroutes_and_records_correction(db, handled, staff):
    case = handled()
    kultur = _board(db, "kultur")
    ops.decline(case.consulted[0], staff.grn, "Gäller inte skolan.", kultur)
    assert [(a.board.slug, a.state) for a in case.assignments] == [
        ("tekniska", A.NEW), ("grundskola", A.DECLINED), ("kultur", A.NEW)]
    assert case.assignments[1].decline_reason == "Gäller inte skolan."
    corr = db.session.scalar(select(RoutingCorrection).where(RoutingCorrection.case_id == case.id))
    assert corr.original_boards == ["tekniska", "grundskola"] and corr.final_boards == ["tekniska", "kultur"]
    assert corr.added_board == "kultur" and corr.actor_id == staff.grn.id
    assert [e.kind for e in case.events].count("declined") == 1


def test_lead_decline_moves_the_lead(db, handled, staff):
    case = handled()
    ops.decline(case.lead, staff.tn, "Skolans ansvar.", _board(db, "grundskola"))
    assert case.lead.board.slug == "grundskola" and case.lead_board.slug == "grundskola"
    assert case.reference.startswith("TN-")  # the reference never changes


def test_needs_triage_goes_to_coordinators(db, handled, staff):
    case = handled(title="Hej", body="Lorem ipsum dolor sit amet.", topics=(), district=None)
    assert case.state == C.TRIAGE and case.reference is None and not case.assignments
    from portal.handling.queries import triage_queue
    assert case in triage_queue()
    assert staff.coordinator.email in {m["to"] for m in _mails(db, "case_triage")}
    with pytest.raises(PermissionDenied):
        ops.triage(case, staff.tn, [], _board(db, "tekniska").id)
    ops.triage(case, staff.coordinator, [_board(db, "kultur").id], _board(db, "tekniska").id, "Gäller gator")
    assert case.state == C.OPEN and case.reference.startswith("TN-")
    assert [a.board.slug for a in case.assignments] == ["tekniska", "kultur"]
    corr = db.session.scalar(select(RoutingCorrection).where(RoutingCorrection.case_id == case.id))
    assert corr.final_lead == "tekniska" and corr.original_boards == []


def test_deadline_reminders_are_queued_once(db, handled, staff):
    case = handled()
    case.lead.accept_due = ops.today() + timedelta(days=1)
    case.consulted[0].accept_due = ops.today() + timedelta(days=40)
    assert ops.queue_deadline_reminders() == 1
    assert ops.queue_deadline_reminders() == 0
    assert staff.tn.email in {m["to"] for m in _mails(db, "deadline_reminder")}


def test_overdue_items_are_flagged(db, handled, staff):
    from portal.handling import queries as q
    case = handled()
    case.lead.accept_due = ops.today() - timedelta(days=1)
    rows, counts = q.inbox(staff.tn, [case.lead.board_id], "overdue", ops.today())
    assert case.lead in rows and counts["overdue"] >= 1 and counts["joint"] >= 1
    assert case.lead in q.overdue_overview(ops.today())


def test_notes_are_internal(db, handled, staff):
    case = handled()
    ops.add_note(case, staff.tn, "Ring skolan.")
    with pytest.raises(PermissionDenied):
        ops.add_note(case, staff.representative, "Hej")


def test_new_assignment_mails_the_boards_inbox_address(db, handled, staff):
    _board(db, "grundskola").inbox_email = "grundskolenamnden@malmo.se"
    case = handled()
    mails = [m for m in _mails(db, "assignment_new") if m["to"] == "grundskolenamnden@malmo.se"]
    assert len(mails) == 1 and case.reference in mails[0]["subject"]
