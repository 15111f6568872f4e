"""The case history names boards, credits the router or the person who acted, and says what changed."""
import re

from portal.handling import operations as ops
from portal.proposals.models import ProposalState as S


def _history(body: str) -> str:
    section = re.search(r'<section aria-labelledby="history-title">.*?</section>', body, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_history_shows_board_names_and_the_router_not_the_moderator(db, client, auth, make_proposal, make_user,
                                                                     staff, walk):
    moderator = make_user(roles=["moderator"], name="Moa Moderator")
    p = make_proposal(state="published", body="Bygg en säker cykelbana till skolan i Oxie.",
                      topics=("cykel", "grundskola"), district="oxie")
    p.transition(S.THRESHOLD_REACHED, None)
    case = ops.start_handling(p, moderator)  # the moderator's publication started handling
    walk(case, "consultation")
    ops.remind(case, staff.tn)
    db.session.commit()
    auth.login(staff.tn)
    history = _history(client.get(f"/handling/cases/{case.id}").get_data(as_text=True))
    assert "Moa Moderator" not in history
    assert "Fördelat till en nämnd: Tekniska nämnden – automatisk fördelning" in history, history
    assert "Grundskolenämnden – automatisk fördelning" in history
    assert not re.search(r"\b(tekniska|grundskola)\b", history), history
    assert "Mottaget: Grundskolenämnden – Gustav GRN" in history, history
    assert re.search(r"Remiss skickad: svar senast \d+ \w+\.? \d{4} – Tove TN", history), history
    assert "1 nämnd påmind" in history


def test_history_after_triage_names_the_chosen_boards(db, client, auth, handled, staff):
    case = handled(title="Hej", body="Lorem ipsum dolor sit amet.", topics=(), district=None)
    assert case.state.value == "triage"
    from portal.profile.models import Board
    tn = db.session.scalar(db.select(Board).where(Board.slug == "tekniska"))
    kn = db.session.scalar(db.select(Board).where(Board.slug == "kultur"))
    ops.triage(case, staff.coordinator, [tn.id, kn.id], tn.id)
    db.session.commit()
    auth.login(staff.coordinator)
    history = _history(client.get(f"/handling/cases/{case.id}").get_data(as_text=True))
    assert "Tekniska nämnden, Kulturnämnden – Kim Samordnare" in history, history
