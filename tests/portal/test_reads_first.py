"""A support POST reads without SQLite's write lock and holds the lock only for its writes.

Before, every POST took the lock (BEGIN IMMEDIATE) at its first query, loading the account,
so the lock was held through the whole view: 5.5 ms per support, about 180 supports a second
at most on SQLite. Now the reads run in a plain transaction that ends before the writes begin.
"""
import os
import time
import threading

import pytest
from sqlalchemy import event, func, select, update

from tests.conftest import build_schema, database_url, drop_schema, make_app


def _seed(app, users: int, proposals: int):
    from portal.accounts.models import Role, User
    from portal.db import utcnow
    from portal.extensions import db
    from portal.proposals import operations as ops

    with app.test_request_context(method="POST"):
        mod = User(email="mod@example.se", display_name="Mod", email_confirmed_at=utcnow())
        mod.set_password("x" * 12)
        mod.grant(Role.MODERATOR)
        people = [User(email=f"r{n}@example.se", display_name=f"R{n}", email_confirmed_at=utcnow())
                  for n in range(users)]
        for person in people:
            person.set_password("x" * 12)
        db.session.add_all([mod, *people])
        db.session.flush()
        pids = []
        for n in range(proposals):
            p = ops.save_draft(people[0], {"title": f"Förslag {n}", "summary": "s", "body": "b", "district_id": None,
                                           "topic_ids": [], "duration_months": 3})
            ops.submit(p, people[0])
            ops.publish(p, mod)
            pids.append(p.id)
        db.session.commit()
        uids = [u.id for u in people]
        db.session.remove()
    return uids, pids


def _city(tmp_path_factory, name, users, proposals):
    """A fresh database (SQLite file or PostgreSQL schema) with confirmed residents and published proposals."""
    app = make_app(database_url(tmp_path_factory, name))
    build_schema(app)
    return (app, *_seed(app, users, proposals))


def _client(app, uid):
    client = app.test_client()
    with client.session_transaction() as s:
        s["_user_id"] = f"{uid}:0:{int(time.time())}"  # User.get_id: id, session version, issued
        s["_fresh"] = True
    return client


@pytest.mark.no_db_rollback
@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite's write lock; PostgreSQL has none")
def test_support_takes_the_write_lock_only_for_its_writes(tmp_path_factory):
    app, uids, pids = _city(tmp_path_factory, "readsfirst", 2, 1)
    from portal.extensions import db
    with app.app_context():
        engine = db.engine
    trace = []

    def statement(conn, cursor, stmt, *args):
        words = stmt.split()
        trace.append(" ".join(words[:2]).upper() if words[0].upper() == "BEGIN" else words[0].upper())

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", lambda c: trace.append("COMMIT"))

    response = _client(app, uids[1]).post(f"/proposals/{pids[0]}/support")
    assert response.status_code == 302

    begins = [i for i, s in enumerate(trace) if s.startswith("BEGIN")]
    assert [trace[i] for i in begins] == ["BEGIN", "BEGIN IMMEDIATE"], trace  # reads first, then the lock
    write = trace[begins[1]:trace.index("COMMIT", begins[1]) + 1]
    assert "SELECT" not in write, write  # nothing but the writes under the lock
    assert [s for s in write if s in ("INSERT", "UPDATE")] == ["UPDATE", "INSERT", "INSERT"], write
    reads = trace[begins[0]:begins[1]]
    assert "SELECT" in reads and not {"INSERT", "UPDATE", "DELETE"} & set(reads), reads


@pytest.mark.no_db_rollback
def test_concurrent_support_posts_lose_nothing(tmp_path_factory):
    """16 residents POST supports to the same 4 proposals at once, twice each: every one counted once."""
    app, uids, pids = _city(tmp_path_factory, "readsfirst16", 16, 4)
    errors, barrier = [], threading.Barrier(16)

    def resident(uid):
        client = _client(app, uid)
        try:
            barrier.wait(timeout=30)
            for _ in range(2):
                for pid in pids:
                    r = client.post(f"/proposals/{pid}/support")
                    if r.status_code != 302:
                        errors.append((uid, pid, r.status_code))
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))

    threads = [threading.Thread(target=resident, args=(uid,)) for uid in uids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    from portal.extensions import db
    from portal.proposals.models import Proposal, Support
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Support)) == 16 * 4
        assert [p.support_count for p in db.session.scalars(select(Proposal).order_by(Proposal.id))] == [16] * 4
        db.session.remove()
        db.engine.dispose()
    drop_schema(app.config["SQLALCHEMY_DATABASE_URI"])


def test_support_rechecks_the_state_when_writing(db, make_user, make_proposal):
    """The proposal stopped collecting after it was read: the write refuses, and counts nothing."""
    from portal.errors import DomainError
    from portal.proposals import operations as ops
    from portal.proposals.models import Proposal, ProposalState, Support

    proposal, resident = make_proposal(), make_user()
    db.session.commit()
    db.session.execute(update(Proposal.__table__).where(Proposal.__table__.c.id == proposal.id)
                       .values(state=ProposalState.EXPIRED))  # behind the loaded object's back
    assert proposal.state == ProposalState.PUBLISHED
    with pytest.raises(DomainError):
        ops.support(proposal, resident)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Support).where(Support.proposal_id == proposal.id)) == 0
    assert db.session.get(Proposal, proposal.id).support_count == 0


def test_support_returns_the_new_count_and_ignores_a_second(db, make_user, make_proposal):
    from portal.proposals import operations as ops

    proposal, resident = make_proposal(), make_user()
    assert ops.support(proposal, resident) is True
    assert proposal.support_count == 1
    assert ops.support(proposal, resident) is False
    assert proposal.support_count == 1


def test_support_post_refusals_look_as_before(client, auth, db, make_user, make_proposal):
    """Without the proposal loaded first: missing or private is still a 404, closed is still refused."""
    from portal.proposals.models import Proposal, Support

    expired, draft = make_proposal(state="expired"), make_proposal(state="draft")
    auth.login(make_user())
    assert client.post("/proposals/999999/support").status_code == 404
    assert client.post(f"/proposals/{draft.id}/support").status_code == 404
    refused = client.post(f"/proposals/{expired.id}/support", headers={"Accept-Language": "sv"})
    assert refused.status_code == 409
    assert "samlar inte" in refused.text.lower() or "not collecting" in refused.text.lower()
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0
    assert db.session.get(Proposal, expired.id).support_count == 0
