"""A page's SQL query count does not grow with the length of its list (no query per row)."""
import pytest
from sqlalchemy import event

PAGES = ["/", "/proposals/", "/proposals/?sort=support", "/proposals/?district=oxie&topic=cykel",
         "/proposals/?status=published&sort=ending", "/account/", "/moderation/"]


def count_queries(db, client, path):
    statements = []

    def before(conn, cursor, statement, params, context, executemany):
        statements.append(statement)

    engine = db.session.get_bind()
    engine = getattr(engine, "engine", engine)
    event.listen(engine, "before_cursor_execute", before)
    try:
        r = client.get(path)
        assert r.status_code == 200, path
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


@pytest.mark.parametrize("path", PAGES)
def test_query_count_is_constant(db, client, auth, make_user, make_proposal, path):
    viewer = make_user(roles=["moderator"])
    supporters = [make_user() for _ in range(3)]

    def add(n):
        from portal.proposals import operations as ops
        for i in range(n):
            author = make_user()
            p = make_proposal(title=f"Förslag {i} om cykel", topics=("cykel", "trafik"), district="oxie", author=author)
            for s in supporters:
                ops.support(p, s)
            make_proposal(state="submitted", author=author, title=f"Väntar {i}")
        db.session.commit()

    auth.login(viewer)
    add(2)
    few = count_queries(db, client, path)
    add(23)
    many = count_queries(db, client, path)
    assert many == few, f"{path}: {few} queries with 2 rows, {many} with 25"
