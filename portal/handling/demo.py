"""Demo cases: proposals in handling with assignments in several states, one joint case answered."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from ..accounts.models import User
from ..db import utcnow
from ..extensions import db
from ..markdown import render_markdown
from ..profile.models import District, Topic
from ..proposals.models import Outcome, Proposal, ProposalEvent, ProposalState as S
from . import operations as ops

# (title, summary, body, district, topics, how far the demo walks the case)
EXTRA = [
    ("Trygg skolväg till Oxievångsskolan", "Gångbana och cykelbana hela vägen till skolan.",
     "Eleverna går och cyklar längs Oxievägen utan cykelbana. Bygg en cykelväg och ett övergångsställe vid skolan.",
     "oxie", ["cykel", "grundskola"], "decided"),
    ("Cykelbana och skolgata vid Hyllie skola", "Bilfri skolgata på morgonen och en säker cykelbana.",
     "Gör gatan vid skolan bilfri när skolan börjar och bygg en cykelbana dit.",
     "hyllie", ["cykel", "grundskola"], "drafted"),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _new_proposal(author: User, title, summary, body, district, topics) -> Proposal:
    start = utcnow() - timedelta(days=40)
    p = Proposal(title=title, summary=summary, body=body, body_html=render_markdown(body), author=author,
                 district=db.session.scalar(select(District).where(District.slug == district)),
                 topics=list(db.session.scalars(select(Topic).where(Topic.slug.in_(topics)))),
                 duration_months=3, state=S.IN_HANDLING, created_at=start, submitted_at=start,
                 published_at=start + timedelta(days=1), ends_at=start + timedelta(days=91), support_threshold=0)
    prev = S.DRAFT
    for i, to in enumerate([S.SUBMITTED, S.PUBLISHED, S.THRESHOLD_REACHED, S.IN_HANDLING]):
        p.events.append(ProposalEvent(from_state=prev, to_state=to, at=start + timedelta(days=i), actor_id=author.id))
        prev = to
    db.session.add(p)
    db.session.flush()
    return p


def _walk(case, actor: User, until: str) -> None:
    today = ops.today()
    for a in list(case.active_assignments):
        ops.accept(a, actor)
    if until == "accepted" or not case.consulted:
        if until == "decided":
            _decide(case, actor)
        return
    ops.open_consultation(case, actor, "Hur påverkar förslaget er verksamhet? Vilka kostnader ser ni?",
                          today + timedelta(days=30))
    for a in case.consulted:
        ops.save_statement(a, actor, {
            "positive": ["Tryggare väg för eleverna", "Fler barn kan cykla själva till skolan"],
            "negative": ["Kostnaden ryms inte i årets budget"],
            "consequences": ["Skolan behöver informera vårdnadshavare om den nya vägen"],
            "suggestions": ["Inför gångfartsområde vid skolans entré"]})
        if until == "drafted":
            return
        ops.approve_statement(a, actor, today, "§ 246")  # the meeting after the consultation opened
        ops.send_statement(a, actor)
    ops.save_summary(case, actor, ops.generate_summary(case),
                     ["Tekniska nämnden söker medfinansiering och bygger i två etapper."])
    _decide(case, actor)


def _decide(case, actor: User) -> None:
    school_route = "skol" in case.proposal.title.lower()
    text = ("Cykelbanan byggs 2027. Övergångsstället byggs redan i år." if school_route else
            f"Nämnden ställer sig bakom förslaget ”{case.proposal.title}” i delar och genomför det "
            "i den takt budgeten tillåter. Förvaltningen återkommer med en tidplan.")
    ops.decide(case, actor, Outcome.PARTLY_GRANTED, text, "§ 112", ops.today())  # after the statements


def seed_handling() -> dict:
    """Cases for the demo proposals in handling, answered or closed, plus two joint school-route cases."""
    coordinator = _user("coordinator@demo.malmo.se")
    author = _user("anna@demo.example")
    if coordinator is None or author is None:
        return {"cases": 0}
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # summaries are written in Swedish
        return _seed(coordinator, author)


def _seed(coordinator: User, author: User) -> dict:
    n = 0
    existing = list(db.session.scalars(select(Proposal).where(Proposal.state.in_([S.IN_HANDLING, S.ANSWERED, S.CLOSED]))
                                       .order_by(Proposal.id)))
    for i, p in enumerate(existing):
        final = p.state
        p.state = S.IN_HANDLING  # the seed wrote the proposal's history up to handling; the case writes the rest
        for event in [e for e in p.events if e.to_state in (S.ANSWERED, S.CLOSED)]:
            p.events.remove(event)
        case = ops.open_case(p, None)
        n += 1
        if case.state.value == "triage":
            continue
        if final in (S.ANSWERED, S.CLOSED):
            _walk(case, coordinator, "decided")
            if final == S.CLOSED:
                p.transition(S.CLOSED, coordinator)
        elif i % 2:
            _walk(case, coordinator, "accepted")
        else:
            case.lead.accept_due = ops.today() - timedelta(days=2)  # an overdue one for the overview
    for title, summary, body, district, topics, until in EXTRA:
        case = ops.open_case(_new_proposal(author, title, summary, body, district, topics), None)
        _walk(case, coordinator, until)
        if until == "decided":  # what happened afterwards: the lead board's first follow-up
            from .followup import publish_update
            from .models import FollowUpStatus
            publish_update(case, coordinator, FollowUpStatus.PLANNED,
                           "Cykelbanan projekteras under våren och byggs under sommarlovet.",
                           due_on=ops.today() + timedelta(days=200))
        n += 1
    db.session.flush()
    return {"cases": n}


# A registrar's past referrals (made up, in the style of council minutes): title, body, boards, date.
HISTORY = [
    ("Pulkabacke i Husie", "Barnen saknar en pulkabacke nära Husie mosse.", "tekniska", "2023-01-12"),
    ("Bygg en pulkabacke i Fosie", "En pulkabacke vid parken skulle glädja många familjer.", "tekniska", "2023-02-03"),
    ("Pulkabacke och belysning", "Gör om kullen till pulkabacke och sätt upp en gatlykta.", "tekniska", "2023-12-01"),
    ("Trasig gatlykta på Lönngatan", "Gatlyktan har varit släckt i tre veckor.", "tekniska", "2023-03-14"),
    ("Fler gatlyktor i Oxie", "Det är mörkt på gångvägen, sätt upp gatlyktor.", "tekniska", "2023-10-20"),
    ("Boulebana i Limhamn", "Pensionärerna önskar en boulebana vid strandpromenaden.", "fritid", "2023-04-02"),
    ("Boulebana och bänkar", "En boulebana med bänkar skulle bli en mötesplats.", "fritid", "2023-05-18"),
    ("Discgolfbana i Husie", "Bygg en discgolfbana i Husie mosse.", "fritid", "2023-06-07"),
    ("Discgolfbana för ungdomar", "En discgolfbana ger ungdomar något att göra på kvällarna.", "fritid", "2023-08-30"),
    ("Boulebana vid fritidsgården", "Fritidsgården vill ha en boulebana.", "fritid", "2023-09-11"),
    ("Trygghetsboende i Kirseberg", "Äldre behöver trygghetsboende nära centrum.", "halsa-vard-omsorg", "2023-02-21"),
    ("Fler platser på trygghetsboende", "Kön till trygghetsboende är för lång.", "halsa-vard-omsorg", "2023-07-04"),
    ("Trygghetsboende med gemenskap", "Ett trygghetsboende med gemensam matsal.", "halsa-vard-omsorg", "2023-11-15"),
    ("Poesikväll på biblioteket", "En poesikväll i månaden med uppläsning.", "kultur", "2023-03-03"),
    ("Poesikväll för unga", "Unga vill läsa egna texter på en poesikväll.", "kultur", "2023-09-29"),
    ("Poesikväll i Rosengård", "Poesikväll med uppläsning på flera språk.", "kultur", "2024-01-19"),
    ("Läxhjälp efter skolan", "Eleverna behöver läxhjälp på eftermiddagarna.", "grundskola", "2023-04-25"),
    ("Läxhjälp på arabiska", "Läxhjälp för elever som är nya i Sverige.", "grundskola", "2023-10-02"),
    ("Gratis läxhjälp", "Skolan borde erbjuda läxhjälp till alla elever.", "grundskola", "2024-02-08"),
    ("Pulkabacke vid skolan", "Skolan och parken kan dela en pulkabacke.", "tekniska;grundskola", "2024-01-30"),
]


def seed_history() -> dict:
    """The demo's imported referral history, so the rule-set page shows scores and suggestions."""
    from datetime import date

    from ..profile.operations import active_ruleset
    from .history import ParseResult, Referral, import_history

    rows = [Referral(t, b, tuple(bs.split(";")), date.fromisoformat(d), i + 2) for i, (t, b, bs, d) in enumerate(HISTORY)]
    batch = import_history(ParseResult(rows, [], len(rows)), "demo-diarium.csv", active_ruleset().version)
    return {"history": batch.rows_added}
