"""The API's lists, the exports and the feeds run the same number of SQL queries whatever their length."""
import pytest

from tests.query_counter import QueryCounter


def _fill(handled, walk, make_dialogue, n):
    for i in range(n):
        walk(handled(title=f"Säker cykelväg nummer {i}"))
        make_dialogue(title=f"Dialog {i}", districts=["oxie", "fosie"], target_groups=["families", "children"])


@pytest.mark.parametrize("path", [
    "/api/v1/proposals", "/api/v1/proposals?board=tekniska", "/api/v1/decisions", "/api/v1/dialogues",
    "/open-data/proposals.csv", "/open-data/decisions.json", "/open-data/dialogues.json",
    "/feeds/boards/tekniska.atom", "/feeds/districts/oxie.atom", "/feeds/topics/cykel.atom", "/open-data",
])
def test_query_count_is_flat(client, db, handled, walk, make_dialogue, path):
    counts = []
    for n in (2, 7):
        _fill(handled, walk, make_dialogue, n - (2 if counts else 0))
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            r = client.get(path)
        assert r.status_code == 200
        body = r.get_data(as_text=True)
        assert body.count("g nummer ") >= n or "dialogues" in path or path == "/open-data"
        counts.append(qc.count)
    print(f"queries {path}: {counts}")
    assert counts[0] == counts[1], f"{path}: {counts}"
