"""The synthetic city: every state, consistent support counts, and ordinary inserts still work after it."""
from sqlalchemy import func, select

from portal.demo.bulk import seed_bulk
from portal.proposals.models import Proposal, ProposalState, Support


def test_bulk_seed_is_consistent_and_leaves_ids_usable(db, make_proposal):
    result = seed_bulk(300, 900, residents=60)
    assert result["supports"] == 900
    states = set(db.session.scalars(select(Proposal.state).distinct()))
    assert {ProposalState.PUBLISHED, ProposalState.EXPIRED, ProposalState.IN_HANDLING} <= states
    rows = db.session.scalar(select(func.count(Support.id)))
    assert rows == db.session.scalar(select(func.sum(Proposal.support_count))) == 900
    # A proposal made the ordinary way afterwards gets a fresh id (sequences moved on PostgreSQL).
    p = make_proposal(title="Efter massinläsningen")
    assert p.id > 300


def test_demo_seed_command_makes_a_synthetic_city(app, db):
    from portal.dialogues.models import Dialogue, DialogueState
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo", "seed", "--proposals", "200", "--supports", "400",
                                                "--dialogues", "25"])
    assert result.exit_code == 0, result.output
    assert "synthetic dialogues: 25" in result.output
    assert db.session.scalar(select(func.count(Dialogue.id)).where(Dialogue.title.like("Dialog om %"))) == 25
    states = set(db.session.scalars(select(Dialogue.state).distinct()))
    assert states == set(DialogueState)
