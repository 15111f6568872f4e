"""Where a page's time goes: uncached renders of the load benchmark's pages, timed and profiled.

    python benchmarks/profile_pages.py                     # 100,000 proposals on SQLite, kept in /tmp/profile-pages
    python benchmarks/profile_pages.py --db postgresql
    python benchmarks/profile_pages.py --profile home      # pyinstrument tree for one page
    python benchmarks/profile_pages.py --support           # time support POSTs in process

Renders each page in process through Flask's test client with the page cache off, and prints
the median and worst render time and the number of SQL queries. This is the profile behind the
load benchmark's latency figures (benchmarks/README.md).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.load_bench import prepare_database  # noqa: E402

PAGES = {
    "home": "/",
    "proposal list, filtered": "/proposals/?district=oxie&sort=support",
    "proposal list, page 2": "/proposals/?status=published&page=2",
    "proposal page": None,  # filled with a published proposal
    "search": "/search?q=lekplats&district=oxie",
    "dialogue page": "/dialogues/1",
    "proposal list, deep page": "/proposals/?page=2000",
    "API list": "/api/v1/proposals",
    "API deep page": "/api/v1/proposals?page=2000",
    "API single": None,  # filled with the proposal page's proposal
}
# As whom (--as): a resident (anna@demo.example) or the officer of Tekniska nämnden, who also sees the inbox.
READERS = {"anonymous": None, "resident": "anna@demo.example", "officer": "officer.tn@demo.malmo.se"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--proposals", type=int, default=100_000)
    ap.add_argument("--dir", default="/tmp/profile-pages", help="where the SQLite database is kept between runs")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--profile", default=None, help="page name to profile with pyinstrument")
    ap.add_argument("--support", action="store_true", help="time support POSTs instead of pages")
    ap.add_argument("--as", dest="reader", choices=READERS, default="anonymous",
                    help="render as a logged-in resident or officer (the officer also gets the inbox)")
    ap.add_argument("--page-cache", type=int, default=0,
                    help="seconds of page cache (production: 3): logged-in readers then share content blocks")
    ap.add_argument("--url", default=None, help="an existing database to profile (e.g. one kept by --db postgresql)")
    args = ap.parse_args()

    workdir = Path(args.dir)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.url:
        url = args.url
    elif args.db == "sqlite" and (workdir / "bench.db").exists():
        url = f"sqlite:///{workdir / 'bench.db'}"
    else:
        url = prepare_database(args.db, args.proposals, args.proposals * 10, workdir)
        if args.db == "postgresql":
            print(f"  database kept: {url}")

    from sqlalchemy import event, select
    from portal import create_app
    from portal.extensions import db
    from portal.proposals.models import Proposal, ProposalState
    app = create_app({"PORTAL_ENV": "production", "SECRET_KEY": "profile", "SQLALCHEMY_DATABASE_URI": url,
                      "PAGE_CACHE_SECONDS": args.page_cache, "RATELIMIT_ENABLED": False,
                      "LIST_OUTLINE_SECONDS": 3})  # what production keeps for logged-in readers too
    with app.app_context():
        pid = db.session.scalar(select(Proposal.id).where(Proposal.state == ProposalState.PUBLISHED)
                                .order_by(Proposal.id).offset(2500).limit(1))
        engine = db.engine
    PAGES["proposal page"] = f"/proposals/{pid}"
    PAGES["API single"] = f"/api/v1/proposals/{pid}"
    queries = [0]
    event.listen(engine, "before_cursor_execute", lambda *a, **k: queries.__setitem__(0, queries[0] + 1))

    client = app.test_client()
    if READERS[args.reader]:
        log_in(app, client, READERS[args.reader])
        if args.reader == "officer":
            PAGES["inbox"] = "/handling/"
    if args.support:
        return time_supports(app, client, queries)
    # CPU ms: this process's CPU time per request (Flask, SQLAlchemy and, on SQLite, the database),
    # which other load on a shared machine disturbs far less than the elapsed time.
    print(f"{'page':28} {'first ms':>9} {'median ms':>10} {'max ms':>8} {'CPU ms':>7} {'queries':>8}")
    for name, path in PAGES.items():
        if args.profile and name != args.profile:
            continue
        times, cpu = [], []
        for i in range(args.runs + 1):
            queries[0] = 0
            t, c = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(f"{name:28} {times[0]:9.1f} {statistics.median(times[1:]):10.1f} {max(times[1:]):8.1f} "
              f"{statistics.median(cpu[1:]):7.1f} {queries[0]:8}")
        if args.profile:
            from pyinstrument import Profiler
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.runs):
                client.get(path)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))


def log_in(app, client, email: str) -> None:
    """A logged-in session as the load benchmark makes it: signed cookie, second factor done."""
    import time as _time
    from portal.accounts.models import User
    from portal.extensions import db
    with app.app_context():
        uid = db.session.scalar(select_user_id(email))
    with client.session_transaction() as s:
        s["_user_id"] = str(uid)
        s["_fresh"] = True
        s["auth_at"] = _time.time()
        s["mfa_ok"] = True


def select_user_id(email: str):
    from sqlalchemy import select
    from portal.accounts.models import User
    return select(User.id).where(User.email == email)


def time_supports(app, client, queries) -> None:
    from sqlalchemy import event, func, select
    from portal.accounts.models import User
    from portal.extensions import db
    from portal.proposals.models import Proposal, ProposalState
    with app.app_context():
        # Random pairs, so a kept database gives new supports run after run.
        uids = list(db.session.scalars(select(User.id).where(User.email.like("%@bulk.example"))
                                       .order_by(func.random()).limit(200)))
        pids = list(db.session.scalars(select(Proposal.id).where(Proposal.state == ProposalState.PUBLISHED)
                                       .order_by(func.random()).limit(200)))
        engine = db.engine
    # How long each transaction stays open: on SQLite, the write transaction holds the lock.
    times, held, holds, began = [], [], [], {}
    event.listen(engine, "begin", lambda conn: began.__setitem__(id(conn), time.perf_counter()))
    event.listen(engine, "commit", lambda conn: held.append(
        (time.perf_counter() - began.pop(id(conn), time.perf_counter())) * 1000))
    from pyinstrument import Profiler
    profiler = Profiler(interval=0.0005)
    for n, uid in enumerate(uids):
        c = app.test_client()
        with c.session_transaction() as s:
            s["_user_id"] = f"{uid}:0:{int(time.time())}"  # User.get_id()
            s["_fresh"] = True
        c.get(f"/proposals/{pids[n % len(pids)]}")  # gets a CSRF token into the session
        with c.session_transaction() as s:
            token = s.get("csrf_token")
        from itsdangerous import URLSafeTimedSerializer
        signed = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(token)
        if n == 20:
            profiler.start()
        queries[0] = 0
        held.clear()
        t = time.perf_counter()
        r = c.post(f"/proposals/{pids[n % len(pids)]}/support", data={"csrf_token": signed})
        times.append((time.perf_counter() - t) * 1000)
        holds.append(held[-1] if held else 0.0)
        assert r.status_code in (200, 302, 303), r.status_code
    profiler.stop()
    print(f"support POST: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms, "
          f"{queries[0]} queries (last); "
          f"write transaction (SQLite: the write lock held) median {statistics.median(holds):.2f} ms")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
