"""Headings in a proposal and a decision continue the outline of the case page and the public page."""
from tests.portal.test_heading_outline import assert_outline


def test_a_case_page_and_the_public_answer_keep_their_outline(db, client, auth, handled, staff, walk):
    from portal.handling import operations as ops
    from portal.proposals.models import Outcome
    case = walk(handled(body="Bygg en cykelbana till skolan i Oxie.\n\n## Bakgrund\n\nFarlig väg."), "summary")
    ops.decide(case, staff.tn, Outcome.GRANTED, "## Motivering\n\nVi bygger.\n\n### Tidplan\n\n2027.", "§ 2",
               ops.today())
    db.session.commit()
    assert_outline(client.get(f"/proposals/{case.proposal_id}").get_data(as_text=True))
    auth.login(staff.tn)
    assert_outline(client.get(f"/handling/cases/{case.id}").get_data(as_text=True))
