"""The demo city tells a possible story: thresholds reached by real supports, events in order,
statements after their consultation opened, decisions after the statements, nothing in the future."""
from sqlalchemy import func, select

from portal.db import utcnow
from portal.proposals.models import Proposal, ProposalState as S, Support


def test_the_demo_timeline_is_possible(db):
    from portal.demo.seed import seed_demo
    from portal.handling import operations as ops
    from portal.handling.models import AssignmentState as A, Case
    seed_demo()
    db.session.flush()
    now = utcnow()
    problems = []
    for p in db.session.scalars(select(Proposal)):
        events = sorted(p.events, key=lambda e: (e.at, e.id))
        for prev, e in zip(events, events[1:]):
            if e.from_state != prev.to_state:
                problems.append(f"{p.title}: {prev.to_state} then {e.from_state}->{e.to_state}")
        if any(e.at > now for e in events):
            problems.append(f"{p.title}: an event in the future")
        reached = next((e for e in events if e.to_state == S.THRESHOLD_REACHED), None)
        if reached is not None:
            supports = db.session.scalar(select(func.count(Support.id)).where(Support.proposal_id == p.id,
                                                                              Support.created_at <= reached.at))
            if supports < (p.support_threshold or 0) or p.support_count < (p.support_threshold or 0):
                problems.append(f"{p.title}: threshold {p.support_threshold} reached with {supports} supports")
        expired = next((e for e in events if e.to_state == S.EXPIRED), None)
        if expired is not None and (p.ends_at is None or expired.at < p.ends_at):
            problems.append(f"{p.title}: expired before its end date")
        if p.published_at and p.ends_at and p.ends_at <= p.published_at:
            problems.append(f"{p.title}: ends before it was published")
    for case in db.session.scalars(select(Case)):
        opened = case.consultation_opened_at
        sent = [a for a in case.consulted if a.state == A.SENT]
        for a in sent:
            if a.meeting_date > ops.today():
                problems.append(f"{case.reference}: statement approved in the future")
            if opened is None or a.meeting_date < opened.astimezone(ops._tz()).date():
                problems.append(f"{case.reference}: statement approved before the consultation opened")
        if case.meeting_date is not None:
            if case.meeting_date > ops.today():
                problems.append(f"{case.reference}: decided in the future")
            if sent and case.meeting_date < max(a.meeting_date for a in sent):
                problems.append(f"{case.reference}: decided before the statements")
    assert not problems, "\n".join(problems)
