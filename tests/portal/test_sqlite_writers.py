"""On SQLite, 16 concurrent writers produce no "database is locked" errors (WAL, busy timeout, BEGIN IMMEDIATE)."""
import os
import threading

import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app

pytestmark = [pytest.mark.no_db_rollback,
              pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite-specific locking test")]


def test_sixteen_concurrent_writers(tmp_path_factory):
    url = database_url(tmp_path_factory, "writers")
    app = make_app(url)
    build_schema(app)
    from portal.accounts.models import Role, User
    from portal.db import utcnow
    from portal.extensions import db
    from portal.profile.models import Topic
    from portal.proposals import operations as ops
    from portal.proposals.models import Proposal, Support

    with app.test_request_context(method="POST"):
        mod = User(email="mod@example.se", display_name="Mod", email_confirmed_at=utcnow())
        mod.set_password("x" * 12)
        mod.grant(Role.MODERATOR)
        db.session.add(mod)
        db.session.commit()
        mod_id = db.session.scalar(db.select(User.id))
        topic_id = db.session.scalar(db.select(Topic.id))
        db.session.remove()

    errors, barrier = [], threading.Barrier(16)

    def writer(n):
        with app.test_request_context(method="POST"):
            try:
                user = User(email=f"w{n}@example.se", display_name=f"W{n}", email_confirmed_at=utcnow())
                user.set_password("x" * 12)
                db.session.add(user)
                db.session.commit()
                barrier.wait(timeout=30)
                for i in range(5):
                    p = ops.save_draft(user, {"title": f"Förslag {n}-{i}", "summary": "s", "body": "b",
                                              "district_id": None, "topic_ids": [topic_id], "duration_months": 3})
                    ops.submit(p, user)
                    ops.publish(p, db.session.get(User, mod_id))
                    db.session.commit()
                    # Everyone supports the first few published proposals, reading then writing.
                    for other in db.session.scalars(db.select(Proposal).where(Proposal.published_at.is_not(None))
                                                    .order_by(Proposal.id).limit(5)):
                        ops.support(other, user)
                    db.session.commit()
            except Exception as exc:  # collected and asserted below
                errors.append(repr(exc))
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    try:
        assert not [e for e in errors if "locked" in e], errors
        assert errors == []
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 80
            rows = db.session.scalar(db.select(db.func.count(Support.id)))
            counted = db.session.scalar(db.select(db.func.sum(Proposal.support_count)))
            assert rows == counted and rows > 0
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_schema(url)
