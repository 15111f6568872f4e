"""Each role shows its own state words: the lead board decided, a consulted board sent its statement."""
import re

from portal.handling.models import AssignmentState, CaseState


def _board_line(body: str, board: str) -> str:
    line = re.search(r"<li><strong>" + re.escape(board) + r"</strong>.*?</li>", body, re.S)
    assert line, board
    return re.sub(r"<[^>]+>", "", line.group(0))


def test_after_the_decision_the_lead_board_is_shown_as_decided(db, client, handled, staff, walk):
    case = walk(handled(), "decided")
    assert case.lead.state == AssignmentState.SENT and case.lead.shown_state == CaseState.DECIDED
    assert case.consulted[0].shown_state == AssignmentState.SENT
    db.session.commit()
    body = client.get(f"/proposals/{case.proposal_id}").get_data(as_text=True)
    lead = _board_line(body, "Tekniska nämnden")
    consulted = _board_line(body, "Grundskolenämnden")
    assert "Beslutat" in lead and "Yttrande skickat" not in lead
    assert "Yttrande skickat" in consulted


def test_the_case_page_shows_each_boards_own_state_words(db, client, auth, handled, staff, walk):
    case = walk(handled(), "decided")
    db.session.commit()
    auth.login(staff.tn)
    body = client.get(f"/handling/cases/{case.id}").get_data(as_text=True)
    row = re.search(rf'<tr id="assignment-{case.lead.id}">.*?</tr>', body, re.S).group(0)
    assert "Beslutat" in row and "Yttrande skickat" not in row
    row = re.search(rf'<tr id="assignment-{case.consulted[0].id}">.*?</tr>', body, re.S).group(0)
    assert "Yttrande skickat" in row
