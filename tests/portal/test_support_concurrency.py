"""Two requests at the same moment still give one support; counts stay exact under load."""
import threading

import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app


@pytest.fixture
def live_db(tmp_path_factory):
    url = database_url(tmp_path_factory, "concurrency")
    app = make_app(url)
    build_schema(app)
    yield app
    from portal.extensions import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_schema(url)


def _setup(app, n_users):
    from portal.accounts.models import Role, User
    from portal.db import utcnow
    from portal.extensions import db
    from portal.proposals import operations as ops
    from portal.profile.models import Topic
    with app.test_request_context():
        users = []
        for i in range(n_users + 1):
            u = User(email=f"c{i}@example.se", display_name=f"C{i}", email_confirmed_at=utcnow())
            u.set_password("x" * 12)
            db.session.add(u)
            users.append(u)
        users[0].grant(Role.MODERATOR)
        db.session.flush()
        topic = db.session.scalar(db.select(Topic))
        p = ops.save_draft(users[1], {"title": "Samtidigt stöd", "summary": "s", "body": "b", "district_id": None,
                                      "topic_ids": [topic.id], "duration_months": 3})
        ops.submit(p, users[1])
        ops.publish(p, users[0])
        db.session.commit()
        return p.id, [u.id for u in users[1:]]


def _support(app, pid, uid, barrier, errors):
    from portal.accounts.models import User
    from portal.extensions import db
    from portal.proposals import operations as ops
    from portal.proposals.models import Proposal
    with app.test_request_context(method="POST"):
        try:
            barrier.wait(timeout=10)
            ops.support(db.session.get(Proposal, pid), db.session.get(User, uid))
            db.session.commit()
        except Exception as exc:  # collected and asserted on below
            errors.append(repr(exc))
            db.session.rollback()
        finally:
            db.session.remove()


@pytest.mark.no_db_rollback
def test_same_user_twice_at_the_same_moment_gives_one_support(live_db):
    from portal.extensions import db
    from portal.proposals.models import Proposal, Support
    pid, uids = _setup(live_db, 1)
    barrier, errors = threading.Barrier(4), []
    threads = [threading.Thread(target=_support, args=(live_db, pid, uids[0], barrier, errors)) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with live_db.app_context():
        rows = db.session.scalar(db.select(db.func.count(Support.id)).where(Support.proposal_id == pid))
        count = db.session.get(Proposal, pid).support_count
    assert errors == []
    assert rows == 1 and count == 1


@pytest.mark.no_db_rollback
def test_many_users_at_once_counts_exactly(live_db):
    from portal.extensions import db
    from portal.proposals.models import Proposal, Support
    pid, uids = _setup(live_db, 12)
    barrier, errors = threading.Barrier(len(uids)), []
    threads = [threading.Thread(target=_support, args=(live_db, pid, uid, barrier, errors)) for uid in uids]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with live_db.app_context():
        rows = db.session.scalar(db.select(db.func.count(Support.id)).where(Support.proposal_id == pid))
        count = db.session.get(Proposal, pid).support_count
    assert errors == []
    assert rows == count == 12
