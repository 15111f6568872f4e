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


def register_dialogues(dialogues: int) -> None:
    """A stand-in dialogue source (the dialogues package registers the real one)."""
    from portal.search.documents import make_document, register_source

    rnd = random.Random(11)
    boards = "kultur fritid tekniska stadsbyggnad miljo grundskola".split()
    districts = "centrum hyllie oxie rosengard husie fosie".split()

    def load(ids):
        out = []
        for i in ids:
            r = random.Random(i)
            w = r.sample(WORDS, 2)
            start = datetime(2022, 1, 1, tzinfo=timezone.utc) + timedelta(days=r.randrange(0, 1400))
            out.append(make_document(kind="dialogue", ref_id=i, title=f"Dialog om {w[0]} i {r.choice(PLACES)}",
                                     summary=f"Tyck till om {w[1]}.", body="Välkommen att delta. " * 5,
                                     status=r.choice(["planned", "open", "open", "analysing", "closed"]),
                                     boards=r.sample(boards, 2), lead_board=None, districts=[r.choice(districts)],
                                     topics=[], published=start, deadline=start + timedelta(days=60)))
        return out
    del rnd
    register_source("dialogue", load, lambda: range(1, dialogues + 1), {})


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
    register_dialogues(args.dialogues)
    t0 = time.perf_counter()
    seed(app, args.n, args.dialogues)
    print(f"seeded {args.n} proposals and {args.dialogues} dialogue entries in {time.perf_counter() - t0:.1f} s")

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
