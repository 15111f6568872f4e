"""Public proposal lists count their rows from an index alone, whatever the filters.

The count runs on every uncached list page. Before `hidden` joined the list indexes, counting
50,000 published proposals read every row (250 ms at 100,000 proposals); now it is a covering
index search. SQLite's plan is deterministic, so it is checked there; PostgreSQL chooses by
statistics, so the same indexes are only checked to exist.
"""
import pytest
from sqlalchemy import func, inspect, select, text

from portal.extensions import db
from portal.proposals import queries as q

CASES = [
    {},
    {"state": "published"},
    {"state": "answered", "sort": "support"},
    {"district": "oxie", "sort": "support"},
    {"state": "published", "sort": "ending"},
]


def _sql(stmt) -> str:
    return str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))


@pytest.mark.parametrize("filters", CASES, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all")
def test_list_count_reads_a_covering_index(filters):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("query plans are checked on SQLite; PostgreSQL plans depend on statistics")
    count = select(func.count()).select_from(q.filtered(**filters).order_by(None).subquery())
    plan = [row[3] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + _sql(count)))]
    on_proposals = [step for step in plan if " proposals " in f" {step} "]
    assert on_proposals, plan
    assert all("COVERING INDEX" in step for step in on_proposals), plan


def test_list_indexes_include_hidden():
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(db.session.connection()).get_indexes("proposals")}
    for name in ("ix_proposals_state_published_at", "ix_proposals_state_support_count",
                 "ix_proposals_state_ends_at", "ix_proposals_district_state_support"):
        assert "hidden" in indexes[name], (name, indexes[name])
