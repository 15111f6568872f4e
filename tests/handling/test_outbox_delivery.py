"""E-mails survive a mail server that dies mid-run: nothing is lost and nothing is sent twice."""
import socket
import socketserver
import threading
from datetime import timedelta
from email import message_from_bytes

from sqlalchemy import select, update

from portal.db import utcnow
from portal.outbox.models import OutboxEntry
from portal.outbox.operations import enqueue
from portal.outbox.worker import claim, run_once


class SMTPServer(socketserver.ThreadingTCPServer):
    """A tiny SMTP server on 127.0.0.1 that records messages and can die after `die_after` of them."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port=0, die_after=None):
        super().__init__(("127.0.0.1", port), SMTPHandler)
        self.received: list = []
        self.die_after = die_after
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def kill(self):
        threading.Thread(target=self.shutdown, daemon=True).start()
        self.socket.close()


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        srv = self.server
        self.reply("220 test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").strip().upper()
            if cmd.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif cmd.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif cmd == "DATA":
                self.reply("354 go ahead")
                data = b""
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data += chunk
                with srv.lock:
                    if srv.die_after is not None and len(srv.received) >= srv.die_after:
                        # The server dies before it accepts this message: the connection just drops.
                        self.connection.shutdown(socket.SHUT_RDWR)
                        srv.kill()
                        return
                    srv.received.append(message_from_bytes(data))
                self.reply("250 queued")
            elif cmd == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 no")


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
