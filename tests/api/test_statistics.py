"""Statistics: public and coordinators' pages, accessible SVG charts with data tables and CSV, RTL mirrored,
aggregate queries whose number does not grow with the data."""
import csv
import io
import re
from datetime import timedelta

import pytest

from portal.db import utcnow
from portal.opendata import statistics as st
from tests.query_counter import QueryCounter


@pytest.fixture
def data(db, handled, walk, make_dialogue, make_proposal):
    decided = walk(handled())
    open_case = handled(title="Belysning i parken", body="Sätt upp lampor i parken och i skolan.", topics=("parker",))
    open_case.due_at = utcnow() - timedelta(days=1)
    make_proposal(district="fosie", topics=("parker",))
    make_dialogue()
    db.session.commit()
    return decided, open_case


def test_the_figures(data):
    decided, _open = data
    board = {r["slug"]: r for r in st.proposals_per_board().rows()}
    assert board["tekniska"]["total"] == 2 and board["grundskola"]["total"] == 2 and board["kultur"]["total"] == 0
    assert {r["slug"]: r["total"] for r in st.proposals_per_district().rows()}["fosie"] == 1
    several = st.routed_to_several()
    assert several["cases"] == 2 and several["several"] >= 1
    lead = {r["slug"]: r for r in st.lead_times()}["tekniska"]
    assert lead["cases"] == 2 and lead["answered"] == 1 and lead["to_answer_median"] is not None
    assert {r["slug"]: r for r in st.statements_on_time()}["grundskola"] == {
        "slug": "grundskola", "name": "Grundskolenämnden", "sent": 1, "on_time": 1}
    assert {r["slug"]: r["overdue"] for r in st.overdue_cases()}["tekniska"] == 1
    levels, rows = st.dialogues_per_district_and_level()
    assert {r["slug"]: r["consultation"] for r in rows}["oxie"] == 1
    p = st.participation()
    assert p["proposals"] == 3 and p["residents"] >= 1


def test_percentile_nearest_rank():
    assert st.percentile([], 50) is None
    assert st.percentile([5, 1, 3], 50) == 3
    assert st.percentile(list(range(1, 11)), 90) == 9


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_public_page_has_accessible_charts_tables_and_csv_links(client, data, lang):
    from flask import g
    from flask_babel import refresh
    g.pop("_login_user", None)  # the factories ran in this app context as a staff member; read anonymously
    client.get(f"/language/{lang}")
    refresh()  # requests share the test's app context, where the factories' locale is cached
    html = client.get("/statistics").get_data(as_text=True)
    assert f'lang="{lang}"' in html
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) >= 5
    assert all('role="img"' in s and "aria-labelledby" in s for s in svgs)
    assert "style=" not in html
    assert html.count("<table") == len(svgs)
    assert 'href="/statistics/lead_times.csv"' in html and "overdue" not in html
    first_label = re.search(r'<text x="([\d.]+)" y="\d+" text-anchor="(\w+)" class="chart-label"', html)
    if lang == "ar":  # labels on the right, bars to the left
        assert float(first_label.group(1)) > 320 and first_label.group(2) == "start"
    else:
        assert float(first_label.group(1)) < 320 and first_label.group(2) == "end"


def test_coordinators_see_the_fuller_page(client, auth, data, make_user):
    assert client.get("/statistics/coordination").status_code == 404
    assert client.get("/statistics/overdue.csv").status_code == 404
    auth.login(make_user())
    assert client.get("/statistics/coordination").status_code == 403
    auth.logout()
    auth.login(make_user(roles=["coordinator"]))
    html = client.get("/statistics/coordination").get_data(as_text=True)
    assert "h-overdue" in html and "h-on_time" in html
    rows = list(csv.reader(io.StringIO(client.get("/statistics/overdue.csv").get_data(as_text=True))))
    assert rows[1][0] == "Tekniska nämnden" and rows[1][1] == "1"


def test_csv_matches_the_table(client, data):
    rows = list(csv.reader(io.StringIO(client.get("/statistics/per_district.csv").get_data(as_text=True))))
    assert rows[0][0] and rows[0][-1]
    assert any(r[0] == "Fosie" and r[-1] == "1" for r in rows[1:])
    assert client.get("/statistics/nonsense.csv").status_code == 404


@pytest.mark.parametrize("path", ["/statistics", "/statistics/coordination"])
def test_statistics_query_count_is_flat(client, auth, db, make_user, handled, walk, make_dialogue, path):
    auth.login(make_user(roles=["coordinator"]))
    counts = []
    for n in (2, 6):
        for i in range(n - (2 if counts else 0)):
            walk(handled(title=f"Cykelväg nummer {i}"))
            make_dialogue(title=f"Dialog {i}", districts=["oxie", "fosie"])
        db.session.commit()
        with QueryCounter(db.engine) as qc:
            assert client.get(path).status_code == 200
        counts.append(qc.count)
    print(f"queries {path}: {counts}")
    assert counts[0] == counts[1]
