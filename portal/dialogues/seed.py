"""Demo dialogues across statuses, boards and districts, two of them overlapping on purpose."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..db import utcnow
from ..extensions import db
from ..markdown import render_markdown
from ..profile.models import Board, District, Topic
from ..proposals.models import Proposal
from .models import (Contribution, ContributionState, Dialogue, DialogueEvent, DialogueKind, DialogueState as D,
                     Follower, Level, Meeting, Question, Signup, TRANSITIONS)
from .operations import FEEDBACK_WEEKS, LOCAL

# (title, boards, districts, topics, target groups, level, state, start offset days, length days, questions)
DIALOGUES = [
    ("Fritidsgården i Rosengård – vad vill du göra på kvällarna?", ["fritid"], ["rosengard"], ["idrott-fritid"],
     ["young_people"], Level.DIALOGUE, D.OPEN, -20, 60,
     ["Vilka kvällar vill du att fritidsgården har öppet?", "Vilka aktiviteter saknar du?"]),
    ("Aktivitetspark vid Rosengårdsstråket", ["tekniska"], ["rosengard"], ["parker", "idrott-fritid"],
     ["young_people", "families"], Level.CONSULTATION, D.PLANNED, 14, 45,
     ["Vad ska finnas i parken?"]),
    ("Trygg skolväg i Oxie", ["tekniska", "grundskola"], ["oxie"], ["trafik", "grundskola"],
     ["children", "families"], Level.INFLUENCE, D.OPEN, -10, 50,
     ["Var känns skolvägen otrygg?", "Hur tar sig ditt barn till skolan?"]),
    ("Nya Limhamns bibliotek", ["kultur"], ["limhamn-bunkeflo"], ["kultur-bibliotek"],
     ["everyone"], Level.CONSULTATION, D.ANALYSING, -70, 50, ["Vad vill du kunna göra på biblioteket?"]),
    ("Seniorernas träffpunkter i Husie", ["halsa-vard-omsorg"], ["husie"], ["aldreomsorg-halsa"],
     ["elderly"], Level.DIALOGUE, D.FEEDBACK_PUBLISHED, -120, 60, ["Vad gör en träffpunkt bra?"]),
    ("Medborgarbudget för Kirseberg", ["stadsbyggnad", "tekniska"], ["kirseberg"], ["stadsplanering-bostader"],
     ["everyone"], Level.CO_DECISION, D.CLOSED, -300, 90, ["Vilket projekt ska få pengarna?"]),
    ("Klimatanpassning i Västra Innerstaden", ["miljo"], ["vastra-innerstaden"], ["miljo-klimat"],
     ["everyone", "businesses"], Level.INFORMATION, D.OPEN, -5, 30, []),
    ("Tillgängliga lekplatser i hela staden", ["tekniska", "funktionsstod"], [], ["lekplatser", "funktionsstod"],
     ["children", "disabilities"], Level.INFLUENCE, D.PLANNED, 30, 90, ["Vilken lekplats är svår att använda?"]),
]
PATH = [D.OPEN, D.ANALYSING, D.FEEDBACK_PUBLISHED, D.CLOSED]
# Every kind of dialogue in the demo: the rest are citizen dialogues.
KINDS = {"Seniorernas träffpunkter i Husie": DialogueKind.USER,
         "Klimatanpassning i Västra Innerstaden": DialogueKind.KNOWLEDGE}


def seed_dialogues() -> int:
    """Create the demo dialogues (needs the demo users from seed_demo)."""
    boards = {b.slug: b for b in db.session.scalars(select(Board))}
    districts = {d.slug: d for d in db.session.scalars(select(District))}
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    users = {u.email: u for u in db.session.scalars(select(User))}
    coordinator = users.get("coordinator@demo.malmo.se")
    residents = [u for e, u in sorted(users.items()) if e.endswith("@demo.example")]
    today = utcnow().astimezone(LOCAL).date()
    for i, (title, b, dist, tops, groups, level, state, offset, length, questions) in enumerate(DIALOGUES):
        start = today + timedelta(days=offset)
        d = Dialogue(title=title, description=f"{title}. Vi vill höra dina erfarenheter och idéer.",
                     contact_name=f"{boards[b[0]].names['sv']}, kontaktperson",
                     contact_email=f"dialog.{b[0]}@malmo.se", level=level, state=D.PLANNED,
                     starts_on=start, ends_on=start + timedelta(days=length),
                     created_by_id=coordinator.id if coordinator else None,
                     boards=[boards[s] for s in b], districts=[districts[s] for s in dist],
                     topics=[topics[s] for s in tops],
                     questions=[Question(text=q, position=n) for n, q in enumerate(questions)])
        d.description_html = render_markdown(d.description)
        d.target_groups = groups
        d.kind = KINDS.get(title, DialogueKind.CITIZEN)
        d.feedback_due = d.ends_on + timedelta(weeks=FEEDBACK_WEEKS)
        d.purpose_stated = True
        db.session.add(d)
        for step in PATH:
            if d.state == state or step not in TRANSITIONS[d.state]:
                break
            d.events.append(DialogueEvent(from_state=d.state, to_state=step, actor_id=d.created_by_id))
            d.state = step
        if state in (D.FEEDBACK_PUBLISHED, D.CLOSED):
            d.feedback_heard = "Många vill ha fler mötesplatser och längre öppettider."
            d.feedback_decided = "Nämnden beslutade att utöka öppettiderna från hösten."
            d.feedback_why = "Det var det vanligaste önskemålet och ryms i budgeten."
            d.feedback_board = boards[b[0]]
            d.feedback_published_at = utcnow() - timedelta(days=5)
        meeting_day = start + timedelta(days=min(length - 1, max(1, -offset + 7)))
        begins = datetime.combine(meeting_day, time(18, 0), tzinfo=LOCAL)
        d.meetings.append(Meeting(title="Öppet möte", place="Stadsdelens bibliotek", starts_at=begins,
                                  ends_at=begins + timedelta(hours=2), capacity=20,
                                  accessibility="Entré utan trappsteg, hörslinga. Tolk till arabiska på begäran."))
        db.session.flush()
        if residents and state != D.PLANNED:
            for r in residents[:3]:
                db.session.add(Follower(dialogue_id=d.id, user_id=r.id))
            db.session.add(Signup(meeting_id=d.meetings[0].id, user_id=residents[i % len(residents)].id))
            db.session.add(Contribution(dialogue_id=d.id, author_id=residents[(i + 1) % len(residents)].id,
                                        question_id=d.questions[0].id if d.questions else None,
                                        body="Jag tycker att det behövs fler platser att träffas på.",
                                        state=ContributionState.PUBLISHED, moderated_at=utcnow()))
            db.session.add(Contribution(dialogue_id=d.id, author_id=residents[(i + 2) % len(residents)].id,
                                        body="Bra initiativ, men informera på fler språk.",
                                        state=ContributionState.PENDING))
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == "Öppna fritidsgården i Rosengård på helgerna"))
    first = db.session.scalar(select(Dialogue).where(Dialogue.title == DIALOGUES[0][0]))
    if proposal and first:
        first.proposals.append(proposal)
    db.session.flush()
    return len(DIALOGUES)
