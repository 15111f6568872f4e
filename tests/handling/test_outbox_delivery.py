"""E-mails survive a mail server that dies mid-run: nothing is lost and nothing is sent twice."""
from datetime import timedelta
from email import message_from_bytes

from sqlalchemy import select, update

from portal.db import utcnow
from portal.outbox.models import OutboxEntry
from portal.outbox.operations import enqueue
from portal.outbox.worker import claim, run_once
from tests.smtp_sink import SMTPServer


def _entries(db, n):
    for i in range(n):
        enqueue("email", {"to": f"r{i}@example.se", "subject": f"Ämne {i}", "body": "Hej", "template": "test"})
    db.session.commit()
    return list(db.session.scalars(select(OutboxEntry.id).where(OutboxEntry.kind == "email")
                                   .order_by(OutboxEntry.id)))


def test_mail_server_killed_mid_run_loses_nothing_and_sends_nothing_twice(app, db):
    db.session.execute(update(OutboxEntry).values(delivered_at=utcnow()))  # only this test's mails
    ids = _entries(db, 10)
    server = SMTPServer(die_after=4)
    port = server.server_address[1]
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5)
    try:
        first = run_once()
        assert first["delivered"] == 4 and first["failed"] == 6
        assert len(server.received) == 4
        # Nothing due yet: a second run inside the backoff does nothing.
        assert run_once() == {"delivered": 0, "failed": 0}
        # The server comes back; the backoff passes.
        server2 = SMTPServer(port=port)
        db.session.execute(update(OutboxEntry).where(OutboxEntry.delivered_at.is_(None))
                           .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        second = run_once()
        assert second == {"delivered": 6, "failed": 0}
        server2.shutdown()
        server2.server_close()
    finally:
        app.config.update(MAIL_BACKEND="outbox", MAIL_SERVER="localhost", MAIL_PORT=25)
        server.server_close()
    rows = list(db.session.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(ids))))
    assert all(r.delivered_at is not None for r in rows)
    sent_ids = [m["Message-ID"] for m in server.received + server2.received]
    assert len(sent_ids) == len(set(sent_ids)) == 10  # every mail exactly once
    assert set(sent_ids) == {r.message_id for r in rows}
    retried = [r for r in rows if r.attempts == 2]
    assert len(retried) == 6 and all(r.last_error is None for r in retried)


def test_a_claimed_entry_is_not_taken_by_a_second_worker(app, db):
    [entry_id] = _entries(db, 1)[-1:]
    first = claim(entry_id)
    assert first is not None and first.message_id and first.attempts == 1
    assert claim(entry_id) is None  # leased to the first worker
    # After the lease (a crashed worker), it is retried with the same Message-ID.
    db.session.execute(update(OutboxEntry).where(OutboxEntry.id == entry_id)
                       .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    again = claim(entry_id)
    assert again.message_id == first.message_id and again.attempts == 2


def test_follow_waits_out_a_database_outage(db):
    """The long-running worker survives errors from the database and keeps delivering."""
    from sqlalchemy.exc import OperationalError

    from portal.outbox.worker import follow

    calls, logs = [], []

    def flaky_once():
        calls.append(1)
        if len(calls) in (2, 3):
            raise OperationalError("SELECT 1", {}, Exception("the database system is shutting down"))
        return {"delivered": 1, "failed": 0}

    follow(interval=0.001, should_stop=lambda: len(calls) >= 5, once=flaky_once, log=logs.append)
    assert len(calls) == 5
    assert sum("waiting after OperationalError" in m for m in logs) == 2
    assert sum("delivered" in m for m in logs) == 3


def test_delivery_is_recorded_through_a_short_database_outage(db, monkeypatch):
    """A mail that has left is marked delivered even if the first commits fail."""
    from portal.outbox import worker

    [entry_id] = _entries(db, 1)
    real_commit, failures = db.session.commit, []

    def flaky_commit():
        if len(failures) < 2 and db.session.get(OutboxEntry, entry_id).delivered_at is not None:
            failures.append(1)
            raise RuntimeError("server closed the connection unexpectedly")
        return real_commit()

    monkeypatch.setattr(db.session, "commit", flaky_commit)
    monkeypatch.setattr(worker, "HANDLERS", {"email": lambda payload, message_id: None})
    assert run_once() == {"delivered": 1, "failed": 0}
    assert len(failures) == 2
    assert db.session.get(OutboxEntry, entry_id).delivered_at is not None


def test_sending_needs_no_database_after_the_claim(app, db, monkeypatch):
    """Found by the 10-minute soak: in production the session expires objects on commit, so the
    claimed entry reloaded itself before sending; when PostgreSQL restarted at that moment the
    claim stood unsent for its whole lease. The claim now hands over what sending needs."""
    from sqlalchemy import event

    from portal.outbox import worker

    db.session.execute(update(OutboxEntry).values(delivered_at=utcnow()))  # only this test's mail
    [entry_id] = _entries(db, 1)[-1:]
    statements, sent = [], []
    real_claim = worker.claim

    def claim_then_watch(eid):
        claimed = real_claim(eid)
        statements.clear()
        return claimed

    def handler(payload, message_id):
        sent.append((payload["to"], message_id, list(statements)))

    def watch(conn, cursor, statement, *args):
        statements.append(statement)

    monkeypatch.setattr(worker, "claim", claim_then_watch)
    monkeypatch.setitem(worker.HANDLERS, "email", handler)
    db.session().expire_on_commit = True  # as Flask-SQLAlchemy's sessions do outside the tests
    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        assert run_once() == {"delivered": 1, "failed": 0}
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
        db.session().expire_on_commit = False
    [(to, message_id, between)] = sent
    assert to.endswith("@example.se") and message_id
    assert between == []  # nothing read from the database between the claim and the send


def test_a_failed_send_is_rescheduled_through_a_short_database_outage(db, monkeypatch):
    """The mail server refuses, and the first writes of the retry time fail too: still rescheduled
    soon (with backoff), not left to its claim's lease."""
    from portal.outbox import worker

    db.session.execute(update(OutboxEntry).values(delivered_at=utcnow()))
    [entry_id] = _entries(db, 1)[-1:]
    real_commit, failures = db.session.commit, []

    def flaky_commit():
        entry = db.session.get(OutboxEntry, entry_id)
        if len(failures) < 2 and entry.last_error:
            failures.append(1)
            raise RuntimeError("server closed the connection unexpectedly")
        return real_commit()

    def refuse(payload, message_id):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(db.session, "commit", flaky_commit)
    monkeypatch.setattr(worker, "HANDLERS", {"email": refuse})
    monkeypatch.setattr(worker.time, "sleep", lambda s: None)
    assert run_once() == {"delivered": 0, "failed": 1}
    entry = db.session.get(OutboxEntry, entry_id)
    assert len(failures) == 2 and "mail server down" in entry.last_error
    assert entry.next_attempt_at - utcnow() < timedelta(minutes=1)  # backoff, not the lease
