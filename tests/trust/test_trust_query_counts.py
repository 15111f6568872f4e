"""The new list pages keep a constant query count as their lists grow."""
import pytest

from tests.portal.test_query_counts import count_queries


@pytest.mark.parametrize("path", ["/admin/people", "/admin/boards", "/admin/audit", "/moderation/"])
def test_constant_queries(db, client, auth, make_user, make_proposal, reasons, path):
    from portal.audit import record
    from portal.moderation.operations import report
    admin = make_user(roles=["admin"])

    def add(n):
        for i in range(n):
            u = make_user(roles=["officer"], boards=["tekniska"])
            p = make_proposal(author=u, title=f"Förslag {i}")
            report("proposal", p.id, make_user(), reasons["offensive"])
            record(admin, "test.action", "thing", i, {"a": i}, {"a": i + 1})
        db.session.commit()

    auth.login(admin)
    add(2)
    few = count_queries(db, client, path)
    add(12)
    assert count_queries(db, client, path) == few
