"""A synthetic city for load tests: many proposals, supports and residents, inserted in bulk.

Rows go in through Core executemany in batches, so 100,000 proposals and 1,000,000 supports
take minutes, not hours. The text is Swedish and varied enough for search and routing.
"""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from ..accounts.models import User
from ..db import utcnow
from ..extensions import db
from ..markdown import render_markdown
from ..profile.models import District, Topic
from ..proposals.models import Proposal, ProposalEvent, ProposalState as S, Support, proposal_topics
from .seed import PATH  # each state and the steps that lead to it

SUBJECTS = [
    ("lekplats", "lekplatser"), ("cykelbana", "cykelbanor"), ("parkbänk", "parkbänkar"),
    ("övergångsställe", "övergångsställen"), ("bibliotek", "bibliotek"), ("fritidsgård", "fritidsgårdar"),
    ("utegym", "utegym"), ("hundrastgård", "hundrastgårdar"), ("förskolegård", "förskolegårdar"),
    ("skolgård", "skolgårdar"), ("papperskorg", "papperskorgar"), ("laddstolpe", "laddstolpar"),
    ("gatubelysning", "gatubelysningar"), ("busshållplats", "busshållplatser"), ("träffpunkt för äldre", "träffpunkter för äldre"),
    ("konstverk", "konstverk"), ("odlingslott", "odlingslotter"), ("badplats", "badplatser"),
    ("skatepark", "skateparker"), ("återvinningsstation", "återvinningsstationer"),
]
VERBS = ["Bygg", "Rusta upp", "Fler", "Bättre", "Trygga", "Behåll", "Öppna", "Flytta", "Utöka", "Förbättra"]
REASONS = [
    "Många barn och unga rör sig här varje dag.", "Området har vuxit snabbt de senaste åren.",
    "Det känns otryggt på kvällarna.", "Äldre i området saknar en plats att mötas.",
    "Det skulle göra området grönare och trevligare.", "Trafiken är tät och bilarna kör fort.",
    "Många har frågat efter detta på stormötet.", "Det skulle minska skräpet och bullret.",
]
STATE_MIX = [(S.PUBLISHED, 50), (S.EXPIRED, 14), (S.IN_HANDLING, 10), (S.ANSWERED, 8), (S.CLOSED, 5),
             (S.THRESHOLD_REACHED, 1), (S.WITHDRAWN, 3), (S.SUBMITTED, 4), (S.REJECTED, 2), (S.DRAFT, 3)]
BATCH = 5000


def _batched(table, rows):
    for i in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[i:i + BATCH])


def seed_bulk(proposals: int, supports: int, residents: int | None = None, seed: int = 2026,
              progress=lambda msg: None) -> dict:
    """Insert `proposals` proposals in every state and `supports` supports spread over them."""
    rng = random.Random(seed)  # nosec B311
    districts = list(db.session.scalars(select(District)))
    topics = list(db.session.scalars(select(Topic)))
    if not districts or not topics:
        raise RuntimeError("Load the profile first: flask profile load")
    now = utcnow()
    residents = residents or max(100, min(50_000, supports // 50 + 1))
    start_user = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    template = User(email="x", display_name="x")
    template.set_password("bulk-resident-password")  # one argon2 hash, reused: hashing is slow by design
    _batched(User.__table__, [
        {"id": start_user + i, "email": f"invanare{start_user + i}@bulk.example", "display_name": f"Invånare {start_user + i}",
         "password_hash": template.password_hash, "locale": "sv", "created_at": now, "email_confirmed_at": now, "active": True}
        for i in range(residents)])
    user_ids = list(range(start_user, start_user + residents))
    progress(f"residents: {residents}")

    start_id = (db.session.scalar(select(func.max(Proposal.id))) or 0) + 1
    states, weights = zip(*STATE_MIX)
    p_rows, t_rows, e_rows = [], [], []
    collecting = []
    for n in range(proposals):
        pid = start_id + n
        state = rng.choices(states, weights)[0]
        singular, plural = rng.choice(SUBJECTS)
        district = rng.choice(districts)
        verb = rng.choice(VERBS)
        noun = plural if verb in ("Fler", "Bättre") else singular
        title = f"{verb} {noun} i {district.name}"[:120]
        reason = rng.choice(REASONS)
        body = f"{reason}\n\n- {verb} {noun} nära {district.name}\n- {rng.choice(REASONS)}"
        created = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
        months = rng.choice((3, 6, 9, 12))
        row = {"id": pid, "title": title, "summary": f"{reason} Förslag nr {pid}.", "body": body,
               "body_html": render_markdown(body), "district_id": district.id, "duration_months": months,
               "state": state.value, "author_id": rng.choice(user_ids), "created_at": created, "updated_at": created,
               "submitted_at": None, "published_at": None, "ends_at": None, "support_count": 0,
               "support_threshold": None, "rejection_reason": None, "outcome": None}
        prev = S.DRAFT
        for step, to in enumerate(PATH[state]):
            at = created + timedelta(days=step + 1)
            e_rows.append({"proposal_id": pid, "at": at, "actor_id": None, "from_state": prev.value,
                           "to_state": to.value, "note": "Innehåller personuppgifter." if to == S.REJECTED else None})
            prev = to
            if to == S.SUBMITTED:
                row["submitted_at"] = at
            elif to == S.PUBLISHED:
                row["published_at"] = at
                row["support_threshold"] = 100
                row["ends_at"] = at + timedelta(days=30 * months)
            elif to == S.REJECTED:
                row["rejection_reason"] = "Innehåller personuppgifter."
        if state == S.PUBLISHED and row["ends_at"] <= now:
            row["ends_at"] = now + timedelta(days=rng.randint(1, 300))
        if state == S.EXPIRED:
            row["ends_at"] = now - timedelta(days=rng.randint(1, 300))
        if state in (S.ANSWERED, S.CLOSED):
            row["outcome"] = rng.choice(("granted", "partly_granted", "rejected", "answered"))
        if row["published_at"] is not None:
            collecting.append(pid)
        p_rows.append(row)
        for topic in rng.sample(topics, rng.choice((1, 1, 2))):
            t_rows.append({"proposal_id": pid, "topic_id": topic.id})
    _batched(Proposal.__table__, p_rows)
    _batched(proposal_topics, t_rows)
    _batched(ProposalEvent.__table__, e_rows)
    progress(f"proposals: {proposals}")

    # Supports: each resident supports a run of distinct proposals (unique pairs by construction).
    counts: dict[int, int] = {}
    s_rows = []
    made = 0
    per_user = -(-supports // residents) if residents else 0
    if collecting and supports:
        for uid in user_ids:
            if made >= supports:
                break
            take = min(per_user, supports - made, len(collecting))
            offset = rng.randrange(len(collecting))
            for k in range(take):
                pid = collecting[(offset + k * 7919) % len(collecting)] if len(collecting) % 7919 else \
                    collecting[(offset + k) % len(collecting)]
                s_rows.append({"proposal_id": pid, "user_id": uid, "created_at": now})
                counts[pid] = counts.get(pid, 0) + 1
            made += take
            if len(s_rows) >= 200_000:
                _batched(Support.__table__, s_rows)
                s_rows = []
                progress(f"supports: {made}")
        _batched(Support.__table__, s_rows)
    from sqlalchemy import bindparam, update
    stmt = update(Proposal.__table__).where(Proposal.__table__.c.id == bindparam("pid")) \
        .values(support_count=bindparam("cnt"))
    items = [{"pid": pid, "cnt": c} for pid, c in counts.items()]
    for i in range(0, len(items), BATCH):
        db.session.execute(stmt, items[i:i + BATCH])
    progress(f"supports: {made}")
    _advance_sequences(("users", "proposals"))
    db.session.flush()
    return {"proposals": proposals, "supports": made, "residents": residents}


def _advance_sequences(tables) -> None:
    """Rows went in with explicit ids; PostgreSQL's sequences must move past them."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text
    for table in tables:  # table names come from this module's code, never from input
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608
                                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


DIALOGUE_SUBJECTS = ["trygghet i", "en ny park i", "trafiken i", "fritidsutbud för unga i", "biblioteket i",
                     "äldres mötesplatser i", "skolvägar i", "klimatanpassning i", "torget i", "kulturlivet i"]


def seed_bulk_dialogues(count: int, seed: int = 2027) -> int:
    """`count` dialogues in every status, spread over boards, districts, levels and target groups."""
    from ..dialogues.models import Dialogue, DialogueState, DialogueTargetGroup, Level, TargetGroup
    from ..profile.models import Board

    rng = random.Random(seed)  # nosec B311
    boards = list(db.session.scalars(select(Board)))
    districts = list(db.session.scalars(select(District)))
    topics = list(db.session.scalars(select(Topic)))
    today = utcnow().date()
    states, levels, groups = list(DialogueState), list(Level), list(TargetGroup)
    made = []
    for n in range(count):
        state = states[n % len(states)]
        district = rng.choice(districts)
        subject = rng.choice(DIALOGUE_SUBJECTS)
        offset = {"planned": 30, "open": -10, "analysing": -60, "feedback_published": -120, "closed": -200}[state.value]
        starts = today + timedelta(days=offset + rng.randint(-20, 20))
        text = f"Staden vill höra vad du tycker om {subject} {district.name}."
        d = Dialogue(title=f"Dialog om {subject} {district.name} ({n + 1})", description=text,
                     description_html=render_markdown(text), contact_name="Kontaktperson",
                     contact_email="dialog@malmo.se", level=rng.choice(levels), state=state,
                     starts_on=starts, ends_on=starts + timedelta(days=rng.randint(14, 90)),
                     boards=rng.sample(boards, rng.choice((1, 1, 2))), districts=[district],
                     topics=rng.sample(topics, 1))
        d.target_group_rows = [DialogueTargetGroup(group=g) for g in rng.sample(groups, 2)]
        if state in (DialogueState.FEEDBACK_PUBLISHED, DialogueState.CLOSED):
            d.feedback_heard = "De flesta ville ha bättre belysning och fler sittplatser."
            d.feedback_decided = "Nämnden genomför de två åtgärderna nästa år."
            d.feedback_why = "De nämndes oftast och ryms i budgeten."
            d.feedback_board = d.boards[0]
            d.feedback_published_at = utcnow() - timedelta(days=rng.randint(1, 60))
        made.append(d)
        if len(made) >= 500:
            db.session.add_all(made)
            db.session.flush()
            made = []
    db.session.add_all(made)
    db.session.flush()
    return count
