"""Soak: mixed load with the outbox worker; PostgreSQL restarts in the middle; nothing accepted is lost.

    python benchmarks/soak.py                  # 10 minutes
    python benchmarks/soak.py --duration 60    # the CI version

Serves the portal with gunicorn on 127.0.0.1 (PostgreSQL, SMTP to a local sink) beside the
outbox worker, drives registrations, new proposals, supports and dialogue contributions
(when the dialogues feature exists) plus reads from several threads, restarts PostgreSQL
half-way, and then checks: every 2xx/3xx write left exactly its row, every e-mail in the
outbox reached the sink exactly once, and the portal answered again after the restart
without being touched, and that no request was answered 500 (only 503 while it restarts).
Exits 1 if any check fails.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECRET = "soak-secret-" + uuid.uuid4().hex


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def restart_postgresql() -> float:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True,
                   capture_output=True, timeout=120)
    return time.monotonic() - started


def prepare(url: str, residents: int):
    """Migrate, load the profile and demo, make residents with sessions and CSRF tokens."""
    from flask import session
    from flask_migrate import upgrade
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import select
    from portal import create_app
    from portal.demo.bulk import seed_bulk
    from portal.demo.seed import seed_demo
    from portal.extensions import db
    from portal.profile.operations import active_ruleset, load_profile
    from portal.proposals.models import Proposal, ProposalState
    app = create_app({"PORTAL_ENV": "production", "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_profile(active_ruleset())
        seed_demo()
        seed_bulk(3000, 0, residents=residents)
        db.session.commit()
        from portal.accounts.models import User
        users = list(db.session.scalars(select(User.id).where(User.email.like("%@bulk.example")).order_by(User.id)))
        topics = [t.id for t in db.session.scalars(select(__import__("portal.profile.models", fromlist=["Topic"]).Topic))]
        # Only proposals far from the threshold, so every support lands on a collecting proposal.
        pids = list(db.session.scalars(select(Proposal.id).where(Proposal.state == ProposalState.PUBLISHED)
                                       .order_by(Proposal.id).limit(400)))
        dialogue_targets = []
        try:
            from portal.dialogues.soak import contribution_targets
            dialogue_targets = contribution_targets()
        except ImportError:
            pass
        db.engine.dispose()
    serializer = app.session_interface.get_signing_serializer(app)
    creds = []
    for uid in users:
        with app.test_request_context(method="POST"):
            session["_user_id"] = f"{uid}:0:{int(time.time())}"  # User.get_id()
            session["_fresh"] = True
            token = generate_csrf()
            creds.append((uid, serializer.dumps(dict(session)), token))
    with app.test_request_context(method="POST"):
        anon_token = generate_csrf()
        anon_cookie = serializer.dumps(dict(session))
    return creds, pids, topics, (anon_cookie, anon_token), dialogue_targets


class Load:
    """Threads that send writes and reads and remember every accepted write."""

    def __init__(self, port, creds, pids, topics, anon, dialogue_targets, seed=7):
        self.port, self.creds, self.pids, self.topics, self.anon = port, creds, pids, topics, anon
        self.dialogue_targets = dialogue_targets
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.accepted = {"support": [], "proposal": [], "register": [], "contribution": []}
        self.timeline: list[tuple[float, str, int]] = []  # (time, kind, status or -1 for connection error)
        self.support_pairs = [(c, p) for p in range(len(pids)) for c in range(len(creds))]
        self.rng.shuffle(self.support_pairs)
        self.stop = threading.Event()

    def request(self, method, path, cookie=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Accept-Language": "sv"}
        if cookie:
            headers["Cookie"] = f"session={cookie}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body, doseq=True)
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            return r.status
        except (OSError, http.client.HTTPException):
            return -1
        finally:
            conn.close()

    def one(self):
        with self.lock:
            roll = self.rng.random()
            pair = self.support_pairs.pop() if self.support_pairs and roll < 0.5 else None
            n = self.rng.randrange(10**9)
        kind, status = "read", None
        if pair:
            kind = "support"
            (uid, cookie, token), pid = self.creds[pair[0]], self.pids[pair[1]]
            status = self.request("POST", f"/proposals/{pid}/support", cookie, {"csrf_token": token})
            record = (uid, pid)
        elif roll < 0.62:
            kind = "proposal"
            uid, cookie, token = self.creds[n % len(self.creds)]
            form_token = uuid.uuid4().hex
            status = self.request("POST", "/proposals/new", cookie, {
                "csrf_token": token, "form_token": form_token, "title": f"Soak {form_token[:8]}",
                "summary": "Ett förslag från soaktestet.", "body": "Text.", "district_id": "",
                "topic_ids": [str(self.topics[n % len(self.topics)])], "duration_months": "3", "action": "save"})
            record = form_token
        elif roll < 0.72:
            kind = "register"
            cookie, token = self.anon
            email = f"soak-{uuid.uuid4().hex[:12]}@example.se"
            status = self.request("POST", "/account/register", cookie, {
                "csrf_token": token, "email": email, "display_name": "Soak", "password": "ett långt lösenord",
                "confirm": "ett långt lösenord", "accept": "y"})
            record = email
        elif roll < 0.8 and self.dialogue_targets:
            kind = "contribution"
            uid, cookie, token = self.creds[n % len(self.creds)]
            path, fields = self.dialogue_targets[n % len(self.dialogue_targets)]
            text = f"Soakbidrag {uuid.uuid4().hex[:10]}"
            status = self.request("POST", path, cookie, {"csrf_token": token, **fields, "body": text})
            record = text
        else:
            status = self.request("GET", self.rng.choice(["/", "/proposals/", f"/proposals/{self.pids[n % len(self.pids)]}"]))
            record = None
        with self.lock:
            self.timeline.append((time.monotonic(), kind, status))
            if record is not None and 200 <= status < 400:
                self.accepted[kind].append(record)

    def run(self, threads: int):
        def worker():
            while not self.stop.is_set():
                self.one()
        pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
        [t.start() for t in pool]
        return pool


def start(cmd, env, log):
    return subprocess.Popen(cmd, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except ProcessLookupError:
        pass


def verify(url, load: Load, sink, deadline_s=90) -> list[str]:
    from sqlalchemy import create_engine, func, select
    from portal.accounts.models import User
    from portal.outbox.models import OutboxEntry
    from portal.proposals.models import Proposal, Support
    problems = []
    engine = create_engine(url, pool_pre_ping=True)
    with engine.connect() as conn:
        # Wait for the worker to drain the outbox.
        for _ in range(deadline_s):
            pending = conn.execute(select(func.count()).select_from(OutboxEntry.__table__).where(
                OutboxEntry.kind == "email", OutboxEntry.delivered_at.is_(None))).scalar()
            conn.rollback()
            if not pending:
                break
            time.sleep(1)
        S, P, U = Support.__table__, Proposal.__table__, User.__table__
        supports = set(map(tuple, conn.execute(select(S.c.user_id, S.c.proposal_id)).all()))
        missing = [pair for pair in load.accepted["support"] if pair not in supports]
        if missing:
            problems.append(f"{len(missing)} accepted supports have no row, e.g. {missing[:3]}")
        bad_counts = conn.execute(select(P.c.id).where(P.c.support_count != select(func.count()).select_from(S)
                                                        .where(S.c.proposal_id == P.c.id).scalar_subquery())).all()
        if bad_counts:
            problems.append(f"{len(bad_counts)} proposals whose support count differs from their rows")
        tokens = Counter(t for (t,) in conn.execute(select(P.c.submit_token).where(P.c.submit_token.is_not(None))))
        lost = [t for t in load.accepted["proposal"] if tokens.get(t, 0) != 1]
        if lost:
            problems.append(f"{len(lost)} accepted proposals without exactly one row")
        emails = Counter(e for (e,) in conn.execute(select(U.c.email).where(U.c.email.like("soak-%"))))
        lost = [e for e in load.accepted["register"] if emails.get(e, 0) != 1]
        if lost:
            problems.append(f"{len(lost)} accepted registrations without exactly one account")
        if load.accepted["contribution"]:
            from portal.dialogues.soak import contribution_bodies
            bodies = Counter(contribution_bodies(conn))
            lost = [b for b in load.accepted["contribution"] if bodies.get(b, 0) != 1]
            if lost:
                problems.append(f"{len(lost)} accepted contributions without exactly one row")
        O = OutboxEntry.__table__
        entries = conn.execute(select(O.c.id, O.c.message_id, O.c.delivered_at).where(O.c.kind == "email")).all()
        undelivered = [e.id for e in entries if e.delivered_at is None]
        if undelivered:
            problems.append(f"{len(undelivered)} outbox e-mails never delivered")
        received = Counter(m["Message-ID"] for m in sink.received)
        twice = [mid for mid, n in received.items() if n > 1]
        if twice:
            problems.append(f"{len(twice)} e-mails delivered more than once")
        expected = {e.message_id for e in entries if e.delivered_at is not None}
        not_received = expected - set(received)
        if not_received:
            problems.append(f"{len(not_received)} e-mails marked delivered but never received")
        load.outbox_total = len(entries)
    engine.dispose()
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=600)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--residents", type=int, default=300)
    args = ap.parse_args()
    from sqlalchemy import create_engine, text
    from tests.smtp_sink import SMTPServer
    schema = f"soak_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_BASE)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = f"{PG_BASE}?options=-csearch_path%3D{schema}"
    print(f"soak: {args.duration} s, {args.threads} client threads, PostgreSQL schema {schema}")
    creds, pids, topics, anon, dialogue_targets = prepare(url, args.residents)
    sink = SMTPServer()
    port = free_port()
    env = {**os.environ, "PORTAL_ENV": "production", "SECRET_KEY": SECRET, "DATABASE_URL": url,
           "RATELIMIT_ENABLED": "0", "PAGE_CACHE_SECONDS": "0", "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(sink.server_address[1]), "FLASK_APP": "portal:create_app", "PYTHONPATH": str(REPO)}
    bindir = Path(sys.executable).parent
    logdir = REPO / "benchmarks" / "out"
    logdir.mkdir(exist_ok=True)
    web_log, worker_log = open(logdir / "soak-web.log", "w"), open(logdir / "soak-worker.log", "w")
    web = start([str(bindir / "gunicorn"), "-c", str(REPO / "gunicorn.conf.py"), "-w", str(args.workers),
                 "-b", f"127.0.0.1:{port}", "portal:create_app()"], env, web_log)
    worker = start([str(bindir / "flask"), "outbox", "run", "--follow", "--interval", "0.5"], env, worker_log)
    problems = []
    try:
        load = Load(port, creds, pids, topics, anon, dialogue_targets)
        for _ in range(100):
            if load.request("GET", "/healthz") == 200:
                break
            time.sleep(0.2)
        banner = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        banner.request("GET", "/healthz")
        if banner.getresponse().getheader("Server"):
            problems.append("the server sends a Server banner")
        banner.close()
        began = time.monotonic()
        pool = load.run(args.threads)
        time.sleep(args.duration / 2)
        print(f"  restarting PostgreSQL at {time.monotonic() - began:.0f} s ...", flush=True)
        restart_at = time.monotonic()
        took = restart_postgresql()
        print(f"  PostgreSQL back after {took:.1f} s", flush=True)
        time.sleep(max(1.0, args.duration / 2 - took))
        load.stop.set()
        [t.join(timeout=60) for t in pool]
        ended = time.monotonic()
        problems += verify(url, load, sink)
        statuses = Counter(s for _, _, s in load.timeline)
        # A database that goes away is answered 503 with Retry-After; a 500 is a fault, whenever it happens.
        errors = {s: n for s, n in statuses.items() if s >= 500 and s != 503}
        if errors:
            problems.append(f"server errors (only 503 is expected while PostgreSQL restarts): {errors}")
        tail = [s for t, _, s in load.timeline if t > ended - min(10, args.duration / 4)]
        recovered = bool(tail) and sum(1 for s in tail if 200 <= s < 400) / len(tail) > 0.95
        after = [s for t, _, s in load.timeline if t > restart_at]
        if not recovered:
            problems.append("the portal did not recover by itself after the restart "
                            f"(last seconds: {Counter(tail).most_common(5)})")
        print(f"  requests: {len(load.timeline):,} ({len(load.timeline) / (ended - began):.0f}/s); "
              f"statuses: {dict(sorted(statuses.items()))}")
        print(f"  accepted writes: " + ", ".join(f"{k} {len(v):,}" for k, v in load.accepted.items()))
        print(f"  failed during/after the restart: {sum(1 for s in after if not 200 <= s < 400)} of {len(after)}")
        print(f"  outbox e-mails: {load.outbox_total:,}; received by the sink: {len(sink.received):,}")
    finally:
        stop(worker)
        stop(web)
        sink.kill()
        engine = create_engine(PG_BASE)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
    if problems:
        print("SOAK FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("soak: every accepted write kept exactly its row; every e-mail delivered exactly once; recovered by itself")
    return 0


if __name__ == "__main__":
    sys.exit(main())
