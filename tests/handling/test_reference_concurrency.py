"""Case references: many proposals reaching handling at the same moment get distinct, gapless numbers."""
import threading

import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app


@pytest.fixture
def live_db(tmp_path_factory):
    url = database_url(tmp_path_factory, "references")
    app = make_app(url)
    build_schema(app)
    yield app
    from portal.extensions import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_schema(url)


def _setup(app, n):
    from portal.accounts.models import Role, User
    from portal.db import utcnow
    from portal.extensions import db
    from portal.profile.models import Topic
    from portal.proposals import operations as ops
    from portal.proposals.models import ProposalState as S
    with app.test_request_context():
        mod = User(email="mod@example.se", display_name="Mod", email_confirmed_at=utcnow())
        author = User(email="a@example.se", display_name="A", email_confirmed_at=utcnow())
        for u in (mod, author):
            u.set_password("x" * 12)
            db.session.add(u)
        mod.grant(Role.MODERATOR)
        db.session.flush()
        topic = db.session.scalar(db.select(Topic).where(Topic.slug == "cykel"))
        ids = []
        for i in range(n):
            p = ops.save_draft(author, {"title": f"Cykelbana {i}", "summary": "s", "district_id": None,
                                        "body": "Bygg en säker cykelbana längs gatan.", "topic_ids": [topic.id],
                                        "duration_months": 3})
            ops.submit(p, author)
            ops.publish(p, mod)
            p.transition(S.THRESHOLD_REACHED, None)
            ids.append(p.id)
        db.session.commit()
        return ids


def _start(app, pid, barrier, errors):
    from portal.extensions import db
    from portal.handling.operations import start_handling
    from portal.proposals.models import Proposal
    with app.test_request_context(method="POST"):
        try:
            barrier.wait(timeout=10)
            start_handling(db.session.get(Proposal, pid), None)
            db.session.commit()
        except Exception as exc:  # collected and asserted on below
            errors.append(repr(exc))
            db.session.rollback()
        finally:
            db.session.remove()


@pytest.mark.no_db_rollback
def test_concurrent_cases_get_distinct_consecutive_references(live_db):
    from portal.extensions import db
    from portal.handling.models import Case
    ids = _setup(live_db, 8)
    barrier, errors = threading.Barrier(len(ids)), []
    threads = [threading.Thread(target=_start, args=(live_db, pid, barrier, errors)) for pid in ids]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    with live_db.app_context():
        refs = sorted(db.session.scalars(db.select(Case.reference)))
    assert len(refs) == 8 and all(r.startswith("TN-") for r in refs)
    assert [int(r.rsplit("-", 1)[1]) for r in refs] == list(range(1, 9))
