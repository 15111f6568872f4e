"""Search benchmark: seed proposals and dialogues into a temporary SQLite database, index them with
the outbox worker, and time typical queries through the portal's search function (embedded backend).

    .venv/bin/python benchmarks/search_bench.py [--n 100000] [--dialogues 2000] [--runs 200]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ("lekplats cykelväg belysning parkbänk skola förskola bibliotek simhall gångbana träd "
         "hundrastgård papperskorg konstgräs badplats busshållplats trygghet utegym kulturhus "
         "återvinning laddstolpe").split()
PLACES = "Rosengård Hyllie Limhamn Oxie Husie Fosie Kirseberg Möllevången Värnhem Västra hamnen".split()


def seed(app, n: int, dialogues: int) -> None:
    """Bulk-insert proposals (public states) with topics, and one search outbox entry each."""
    from sqlalchemy import insert, select

    from portal.accounts.models import User
    from portal.extensions import db
    from portal.outbox.models import OutboxEntry
    from portal.profile.models import District, Topic
    from portal.proposals.models import Proposal, proposal_topics

    rnd = random.Random(7)
    with app.app_context():
        author = User(email="bench@example.se", display_name="Bench", locale="sv")
        author.set_password("benchmark password")
        db.session.add(author)
        db.session.flush()
        districts = list(db.session.scalars(select(District.id)))
        topics = list(db.session.scalars(select(Topic.id)))
        states = ["published"] * 5 + ["threshold_reached", "in_handling", "answered", "closed", "expired", "withdrawn"]
        start = datetime(2021, 1, 1, tzinfo=timezone.utc)
        rows, links = [], []
        for i in range(1, n + 1):
            w = rnd.sample(WORDS, 3)
            place = rnd.choice(PLACES)
            published = start + timedelta(minutes=rnd.randrange(0, 5 * 365 * 24 * 60))
            state = rnd.choice(states)
            rows.append({"id": i, "title": f"{w[0].capitalize()} och {w[1]} i {place}",
                         "summary": f"Förslag om {w[2]} nära {place}.",
                         "body": f"Vi vill ha {w[0]}, {w[1]} och {w[2]} i {place}. " * 3, "body_html": "",
                         "district_id": rnd.choice(districts), "duration_months": 3, "state": state,
                         "author_id": author.id, "created_at": published, "updated_at": published,
                         "published_at": published, "submitted_at": published,
                         "ends_at": published + timedelta(days=90), "support_count": rnd.randrange(0, 150)})
            for t in rnd.sample(topics, rnd.choice((1, 1, 2))):
                links.append({"proposal_id": i, "topic_id": t})
        for chunk in range(0, n, 5000):
            db.session.execute(insert(Proposal), rows[chunk:chunk + 5000])
        for chunk in range(0, len(links), 10000):
            db.session.execute(insert(proposal_topics), links[chunk:chunk + 10000])
        db.session.execute(insert(OutboxEntry), [{"kind": "search", "payload": {"kind": "proposal", "id": i}}
                                                 for i in range(1, n + 1)])
        db.session.execute(insert(OutboxEntry), [{"kind": "search", "payload": {"kind": "dialogue", "id": i}}
                                                 for i in range(1, dialogues + 1)])
        db.session.commit()


def seed_dialogues(app, dialogues: int) -> None:
    """Bulk-insert real dialogues (boards, districts, topics, questions); the dialogues package's own
    search source builds their documents, as in production."""
    from datetime import date

    from sqlalchemy import insert, select

    from portal.dialogues.models import (Dialogue, Level, Question, dialogue_boards, dialogue_districts,
                                         dialogue_topics)
    from portal.extensions import db
    from portal.profile.models import Board, District, Topic

    r = random.Random(11)
    states = ["planned", "open", "open", "analysing", "feedback_published", "closed"]
    with app.app_context():
        boards = list(db.session.scalars(select(Board.id)))
        districts = list(db.session.scalars(select(District.id)))
        topics = list(db.session.scalars(select(Topic.id)))
        rows, questions, links = [], [], {"b": [], "d": [], "t": []}
        for i in range(1, dialogues + 1):
            w = r.sample(WORDS, 2)
            starts = date(2022, 1, 1) + timedelta(days=r.randrange(0, 1400))
            created = datetime.combine(starts, datetime.min.time(), timezone.utc)
            rows.append({"id": i, "title": f"Dialog om {w[0]} i {r.choice(PLACES)}",
                         "description": f"Tyck till om **{w[1]}**. " + "Välkommen att delta. " * 5,
                         "description_html": "", "contact_name": "Bench", "contact_email": "bench@malmo.se",
                         "level": r.choice(list(Level)).value, "state": r.choice(states), "starts_on": starts,
                         "ends_on": starts + timedelta(days=60), "created_at": created, "updated_at": created})
            questions.append({"dialogue_id": i, "position": 0, "text": f"Vad tycker du om {w[0]}?"})
            links["b"] += [{"dialogue_id": i, "board_id": b} for b in r.sample(boards, 2)]
            links["d"].append({"dialogue_id": i, "district_id": r.choice(districts)})
            links["t"].append({"dialogue_id": i, "topic_id": r.choice(topics)})
        db.session.execute(insert(Dialogue), rows)
        db.session.execute(insert(Question), questions)
        for table, key in ((dialogue_boards, "b"), (dialogue_districts, "d"), (dialogue_topics, "t")):
            db.session.execute(insert(table), links[key])
        db.session.commit()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000, help="proposals")
    ap.add_argument("--dialogues", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=200, help="runs per query type")
    args = ap.parse_args()

    from tests.conftest import build_schema, make_app

    tmp = Path(tempfile.mkdtemp(prefix="search-bench-"))
    app = make_app("sqlite:///" + str(tmp / "bench.db"), SEARCH_BACKEND="database")
    build_schema(app)
    t0 = time.perf_counter()
    seed_dialogues(app, args.dialogues)
    seed(app, args.n, args.dialogues)
    print(f"seeded {args.n} proposals and {args.dialogues} dialogues in {time.perf_counter() - t0:.1f} s")

    from portal.extensions import db
    from portal.search.interface import SearchQuery
    from portal.search.queries import search
    from portal.search.sync import run_until_empty

    with app.app_context():
        t0 = time.perf_counter()
        result = run_until_empty(batch=2000)
        took = time.perf_counter() - t0
        print(f"indexing (outbox worker, batches of 2000): {result['documents']} documents from "
              f"{result['entries']} entries in {took:.1f} s = {result['documents'] / took:,.0f} documents/s")
        t0 = time.perf_counter()
        search(SearchQuery(q="lekplats"))
        db.session.rollback()
        print(f"first search after indexing (loads the facet snapshot): {(time.perf_counter() - t0) * 1000:.0f} ms")
        rnd = random.Random(3)
        queries = {
            "free text": lambda: SearchQuery(q=rnd.choice(WORDS)[:5], facets=()),
            "free text, two words": lambda: SearchQuery(q=f"{rnd.choice(WORDS)} {rnd.choice(PLACES)}", facets=()),
            "filtered": lambda: SearchQuery(filters={"status": ["published"], "district": [rnd.choice(["oxie", "hyllie", "husie"])]},
                                            sort="support", facets=()),
            "faceted (text + all six facets)": lambda: SearchQuery(q=rnd.choice(WORDS)[:6]),
            "faceted + filtered": lambda: SearchQuery(q=rnd.choice(WORDS), filters={"board": ["tekniska"]}),
            "faceted, everything (no text)": lambda: SearchQuery(),
        }
        print(f"\n{'query':36} {'median ms':>10} {'p95 ms':>8} {'hits (last)':>12}")
        for name, make in queries.items():
            times = []
            for _ in range(args.runs):
                q = make()
                t = time.perf_counter()
                res = search(q)
                times.append((time.perf_counter() - t) * 1000)
                db.session.rollback()
            print(f"{name:36} {statistics.median(times):10.1f} {percentile(times, 95):8.1f} {res.total:12,}")


if __name__ == "__main__":
    main()
