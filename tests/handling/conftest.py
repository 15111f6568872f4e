"""Factories for handling: proposals in handling, staff of given boards, cases walked to a state."""
from __future__ import annotations

import pytest

CYCLE_TITLE = "Säker cykelväg till skolan"
CYCLE_BODY = ("Barnen cyklar till Oxievångsskolan längs en farlig väg. Bygg en separat cykelbana "
              "och ett övergångsställe vid skolan.")


@pytest.fixture
def handled(db, make_proposal):
    """Factory: handled(title, body, topics, district) -> Case, after the proposal reached handling."""
    from portal.handling.operations import start_handling
    from portal.proposals.models import ProposalState as S

    def _make(title=CYCLE_TITLE, body=CYCLE_BODY, topics=("cykel", "grundskola"), district="oxie", author=None):
        p = make_proposal(state="published", title=title, body=body, topics=topics, district=district, author=author)
        p.transition(S.THRESHOLD_REACHED, None)
        case = start_handling(p, None)
        db.session.flush()
        return case
    return _make


@pytest.fixture
def staff(make_user):
    """Officers of tekniska and grundskola, a coordinator, a representative, an admin."""
    class Staff:
        tn = make_user(roles=["officer"], boards=["tekniska"], name="Tove TN")
        grn = make_user(roles=["officer"], boards=["grundskola"], name="Gustav GRN")
        kultur = make_user(roles=["officer"], boards=["kultur"], name="Karin KN")
        coordinator = make_user(roles=["coordinator"], name="Kim Samordnare")
        representative = make_user(roles=["representative"], boards=["tekniska"], name="Eva Politiker")
        admin = make_user(roles=["admin"], name="Ali Admin")
        resident = make_user(name="Anna Invånare")
    return Staff


@pytest.fixture
def walk(db, staff):
    """Walk a joint case to a given point: accepted, consultation, sent, summary, decided."""
    from datetime import timedelta

    from portal.handling import operations as ops
    from portal.proposals.models import Outcome

    def _walk(case, until="decided"):
        lead, other = case.lead, case.consulted[0]
        ops.accept(lead, staff.tn)
        ops.accept(other, staff.grn)
        if until == "accepted":
            return case
        ops.open_consultation(case, staff.tn, "Hur påverkas skolvägen?", ops.today() + timedelta(days=30))
        if until == "consultation":
            return case
        ops.save_statement(other, staff.grn, {"positive": ["Tryggare skolväg"], "negative": ["Kostar mycket"],
                                              "consequences": ["Skolan informerar föräldrar"],
                                              "suggestions": ["Gångfartsområde vid entrén"]})
        ops.approve_statement(other, staff.grn, ops.today(), "§ 246")  # a meeting held today
        ops.send_statement(other, staff.grn)
        if until == "sent":
            return case
        ops.save_summary(case, staff.tn, ops.generate_summary(case), ["Vi söker medfinansiering."])
        if until == "summary":
            return case
        ops.decide(case, staff.tn, Outcome.PARTLY_GRANTED, "Cykelbanan byggs 2027.", "§ 112", ops.today())
        return case
    return _walk
