"""The command line: route (JSON Lines), explain and check."""
import io
import json

from routing.cli import route_lines

from routing_testdata import BAD_RULES


def test_route_lines_in_order_with_errors(malmo):
    src = io.BytesIO("\n".join([
        json.dumps({"id": "a", "title": "Fler lekplatser", "body": "", "district": "Kirseberg"}),
        "",
        "{not json",
        json.dumps({"id": "b", "title": "Säker skolväg", "body": "cykelbana", "topics": ["cykel"]}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "no id"}),
        json.dumps({"id": 7, "title": "Komvux"}),
        "   ",
        json.dumps({"id": "c", "title": 5}),
    ]).encode("utf-8") + b"\n\xff\xfe\n")
    out = io.StringIO()
    assert route_lines(src, out, malmo) == 1
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id", r.get("line")) for r in rows] == ["a", 3, "b", 5, 6, "7", 9, 10]
    assert rows[0]["boards"] == ["tekniska"] and rows[0]["ruleset_version"] == "malmo-2026.1"
    assert set(rows[2]["boards"]) == {"tekniska", "grundskola"}
    for r in (rows[1], rows[3], rows[4], rows[6], rows[7]):
        assert set(r) == {"line", "error"} and r["error"]


def test_route_ok_exit_zero(malmo):
    out = io.StringIO()
    assert route_lines(io.BytesIO(b'{"id": "1", "title": "Ny lekplats"}\n\n'), out, malmo) == 0
    assert len(out.getvalue().splitlines()) == 1


def test_cli_route_stdin_and_file(run_cli, tmp_path):
    lines = '{"id": "1", "title": "Fler lekplatser"}\nbad\n{"id": "2", "title": "Bibliotek"}\n'
    p = run_cli("route", input=lines)
    assert p.returncode == 1
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert rows[0]["id"] == "1" and rows[1] == {"line": 2, "error": rows[1]["error"]} and rows[2]["id"] == "2"
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": "x", "title": "Mer personal på äldreboendet"}\n', encoding="utf-8")
    p = run_cli("route", str(f))
    assert p.returncode == 0
    assert json.loads(p.stdout)["boards"] == ["halsa-vard-omsorg"]


def test_cli_route_with_bad_rules(run_cli, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(BAD_RULES, encoding="utf-8")
    p = run_cli("route", "--rules", str(f), input="")
    assert p.returncode == 2 and "unknown board 'teknisk'" in p.stderr


def test_cli_check(run_cli, tmp_path):
    p = run_cli("check", "routing/rulesets/malmo.yaml")
    assert p.returncode == 0 and "OK" in p.stdout
    f = tmp_path / "bad.yaml"
    f.write_text(BAD_RULES, encoding="utf-8")
    p = run_cli("check", str(f))
    assert p.returncode == 1
    assert "rules[0] (id=cykel): unknown board 'teknisk'" in p.stdout
    assert len(p.stdout.strip().splitlines()) == 4


def test_cli_explain(run_cli):
    p = run_cli("explain", "Säker skolväg", "Bygg en cykelbana vid skolan",
                "--district", "Oxie", "--topic", "cykel", "--lang", "en")
    assert p.returncode == 0
    assert "Technical Services Committee" in p.stdout and "Compulsory School Committee" in p.stdout
