"""flask routing import-history: reading a registrar's CSV, scoring the rules, suggesting words per board,
and an administrator accepting suggestions into a new rule-set version through the dry run."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

import routing
from portal.handling.history import Referral, decode, evaluate, parse_history
from portal.handling.learning import history_suggestions
from portal.handling.models import RoutingHistoryImport, RoutingHistoryItem

# Two boards and one rule each: what routes where is certain whatever the router's finer policy.
RULES = """
version: "history-test-1"
name: "History test"
settings: {min_score: 2, lead_kommunstyrelsen_at: 4}
precedence: [tekniska, kultur, kommunstyrelsen]
boards:
  - {slug: tekniska, code: TN, name: {sv: Tekniska nämnden, en: Technical Services Committee}}
  - {slug: kultur, code: KN, name: {sv: Kulturnämnden, en: Culture Committee}}
  - {slug: kommunstyrelsen, code: KS, name: {sv: Kommunstyrelsen}}
rules:
  - {id: gata, terms: [cykelbana], boards: [tekniska], weight: 2}
  - {id: bok, terms: [bibliotek], boards: [kultur], weight: 2}
"""

# A registrar's export as Excel writes it: byte-order mark, `;` between fields, boards by slug,
# code or name, a body over two lines, and five lines that cannot be read.
CSV = (
    "\ufeffRubrik;Text;Nämnder;Datum\r\n"
    "Ny cykelbana;Längs kanalen.;tekniska;2024-02-01\r\n"                    # line 2: right
    "Bibliotek öppet längre;\"Gärna på söndagar,\r\noch på kvällarna.\";KN;2024-03-05\r\n"   # 3-4: right
    "Cykelbana och bibliotek;Båda behövs.;tekniska, Kulturnämnden;2024-04-10\r\n"  # 5: right, lead tekniska
    "Poesikväll för alla;En kväll i månaden.;kultur;\r\n"                     # 6: triage
    "Cykelbana;Till konsthallen.;kultur;2024-06-01\r\n"                       # 7: wrong board
    "Okänd nämnd;Text.;gatukontoret;2024-01-01\r\n"                           # 8: unknown board
    "Fel datum;Text.;tekniska;1 maj 2024\r\n"                                 # 9: bad date
    ";;tekniska;2024-01-01\r\n"                                               # 10: no title, no body
    "Ingen nämnd;Text.;;2024-01-01\r\n"                                       # 11: no board
    "Bara en kolumn\r\n"                                                      # 12: too few fields
    "\r\n"
)


@pytest.fixture
def rules_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture
def rs():
    return routing.parse_ruleset(RULES)


def test_parse_reports_each_bad_line_and_reads_the_rest(rs):
    result = parse_history(decode(CSV.encode("utf-8")), rs)
    assert [r.line for r in result.referrals] == [2, 3, 5, 6, 7]
    assert result.referrals[1].body == "Gärna på söndagar,\r\noch på kvällarna."
    assert result.referrals[2].boards == ("tekniska", "kultur")
    assert result.referrals[3].referred_on is None and str(result.referrals[0].referred_on) == "2024-02-01"
    assert result.lines == 10
    errors = dict(result.errors)
    assert sorted(errors) == [8, 9, 10, 11, 12]
    assert "unknown board 'gatukontoret'" in errors[8]
    assert "'1 maj 2024' is not YYYY-MM-DD" in errors[9]
    assert errors[10] == "no title and no body" and errors[11] == "no board"
    assert "1 fields" in errors[12]


def test_comma_separated_windows_1252_file_and_missing_columns(rs):
    text = 'title,body,boards,date\n"Cykelbana, ny",Text,"tekniska;kultur",2024-01-01\n'
    result = parse_history(decode(text.encode("cp1252")), rs)
    assert result.errors == [] and result.referrals[0].title == "Cykelbana, ny"
    assert result.referrals[0].boards == ("tekniska", "kultur")
    assert decode("Förslag".encode("cp1252")) == "Förslag"
    tabs = parse_history("Datum\tNämnd\tRubrik\tText\n2024-05-01\tTN|KN\tBänk\tVid ån\n", rs)
    assert tabs.errors == [] and tabs.referrals[0].boards == ("tekniska", "kultur")
    bad = parse_history("title;date\nx;2024-01-01\n", rs)
    assert bad.referrals == [] and bad.errors[0][0] == 1 and "no column body, boards" in bad.errors[0][1]


def test_scores_on_a_known_history(rs):
    referrals = parse_history(CSV, rs).referrals
    score = evaluate(rs, referrals)
    # 4 right (board, referral) pairs, 1 wrong, 2 missed; 3 of 5 exactly right and led right; 1 to triage
    assert (score.n, round(score.precision, 2), round(score.recall, 2), round(score.f1, 2)) == (5, 0.8, 0.67, 0.73)
    assert (score.set_accuracy, score.lead, score.triage) == (0.6, 0.6, 0.2)
    per = {b.board: b for b in score.boards}
    assert (per["tekniska"].expected, per["tekniska"].routed, per["tekniska"].correct) == (2, 3, 2)
    assert (per["kultur"].expected, per["kultur"].routed, per["kultur"].correct) == (4, 2, 2)
    assert round(per["kultur"].f1, 2) == 0.67 and "kommunstyrelsen" not in per


def test_cli_imports_scores_and_reports_bad_lines(app, db, tmp_path, rules_file):
    path = tmp_path / "diarium.csv"
    path.write_bytes(CSV.encode("utf-8"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["routing", "import-history", str(path), "--rules", str(rules_file)])
    out = result.output
    assert result.exit_code == 1, out   # some lines were rejected; the others are stored
    assert "read 10 lines: 5 referrals, 5 rejected" in out
    assert "line 8: unknown board 'gatukontoret'" in out and "line 12: 1 fields" in out
    assert "stored: 5 new, 0 already imported (history: 5 referrals)" in out
    assert "rule set history-test-1 on the 5 referrals of this file:" in out
    assert ("precision 0.80  recall 0.67  F1 0.73  set accuracy 0.60  lead 0.60  triage 0.20") in out
    assert [line.split() for line in out.splitlines() if line.strip().startswith(("tekniska ", "kultur "))] == [
        ["kultur", "4", "2", "2", "1.00", "0.50", "0.67"], ["tekniska", "2", "3", "2", "0.67", "1.00", "0.80"]]
    assert "suggested words from the history (5 referrals;" in out and "suggested words from corrections:" in out
    batch = db.session.scalar(select(RoutingHistoryImport))
    assert (batch.filename, batch.rows_read, batch.rows_added, batch.rows_rejected) == ("diarium.csv", 10, 5, 5)
    assert batch.ruleset_version == "history-test-1"
    from portal.audit.models import AuditEntry
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "routing.history_import"))
    assert entry.after == {"file": "diarium.csv", "read": 10, "added": 5, "rejected": 5}
    item = db.session.scalar(select(RoutingHistoryItem).where(RoutingHistoryItem.line == 5))
    assert item.boards == ["tekniska", "kultur"] and item.title == "Cykelbana och bibliotek"

    again = runner.invoke(args=["routing", "import-history", str(path), "--rules", str(rules_file)])
    assert "stored: 0 new, 5 already imported (history: 5 referrals)" in again.output
    assert db.session.scalar(select(func.count(RoutingHistoryItem.id))) == 5

    replaced = runner.invoke(args=["routing", "import-history", str(path), "--rules", str(rules_file), "--replace"])
    assert "history stored before was deleted" in replaced.output
    assert "stored: 5 new, 0 already imported (history: 5 referrals)" in replaced.output
    assert db.session.scalar(select(func.count(RoutingHistoryImport.id))) == 1
    assert runner.invoke(args=["routing", "import-history", str(path), "--no-store", "--replace"]).exit_code == 2

    clean = tmp_path / "clean.csv"
    clean.write_text("title,body,boards,date\nNytt bibliotek,,kultur,2024-01-01\n", encoding="utf-8")
    ok = runner.invoke(args=["routing", "import-history", str(clean), "--rules", str(rules_file), "--no-store"])
    assert ok.exit_code == 0, ok.output
    assert "not stored (--no-store)" in ok.output and "F1 1.00" in ok.output
    assert db.session.scalar(select(func.count(RoutingHistoryItem.id))) == 5


def _history() -> list[Referral]:
    """30 referrals, 10 per board, whose separating words are known by construction."""
    rows = []
    for i in range(10):
        words = ["gemensam", "också"]                       # in every referral; a stop word
        words += ["poesikväll"] if i < 8 else []            # kultur 8/10, nowhere else
        words += ["uppläsning"] if i < 4 else []            # kultur 4/10, nowhere else
        words += ["bibliotek"]                              # kultur 10/10, but the rules have it
        words += ["sällsynt"] if i < 2 else []              # kultur 2/10: under the minimum count
        rows.append(Referral(f"Förslag {i}", " ".join(words), ("kultur",)))
    for i in range(10):
        words = ["gemensam", "gatlykta" if i < 9 else "", "trasig" if i < 6 else ""]
        rows.append(Referral(f"Förslag {i}", " ".join(words), ("tekniska",)))
    for i in range(10):
        words = ["gemensam", "trasig" if i < 3 else "", "budget"]
        rows.append(Referral(f"Förslag {i}", " ".join(words), ("kommunstyrelsen",)))
    return rows


def test_suggestions_rank_the_separating_words(rs):
    found = history_suggestions(_history(), rs, min_count=3)
    assert [s.term for s in found["kultur"]] == ["poesikväll", "uppläsning"]
    assert [s.term for s in found["tekniska"]] == ["gatlykta", "trasig"]
    assert [s.term for s in found["kommunstyrelsen"]] == ["budget"]
    top = found["kultur"][0]
    assert (top.count, top.elsewhere, top.total, top.share) == (8, 0, 10, 1.0)
    assert round(top.z, 2) == 3.08
    trasig = found["tekniska"][1]
    assert (trasig.count, trasig.elsewhere) == (6, 3) and trasig.z < found["tekniska"][0].z
    # a word the rules route elsewhere, or too weakly to route at all, is still offered for its board
    weak = routing.parse_ruleset(RULES + "  - {id: svag, terms: [poesikväll], boards: [kultur], weight: 1}\n"
                                         "  - {id: fel, terms: [gatlykta], boards: [kultur], weight: 2}\n")
    alone = {w: routing.route(routing.ProposalInput(title=w), weak) for w in ("poesikväll", "gatlykta")}
    assert alone["poesikväll"].needs_triage and alone["poesikväll"].scores.get("kultur", 0) > 0
    assert alone["gatlykta"].boards == ("kultur",)
    again = history_suggestions(_history(), weak, min_count=3)
    assert [s.term for s in again["kultur"]] == ["poesikväll", "uppläsning"]
    assert [s.term for s in again["tekniska"]] == ["gatlykta", "trasig"]
    # two referrals are too weak evidence at z >= 1.96 (z 1.55); with lower bars the word comes last
    assert [s.term for s in history_suggestions(_history(), rs, min_count=2)["kultur"]] == ["poesikväll", "uppläsning"]
    loose = history_suggestions(_history(), rs, min_count=2, min_z=1.0)["kultur"]
    assert [s.term for s in loose] == ["poesikväll", "uppläsning", "sällsynt"] and round(loose[2].z, 2) == 1.55


# Words no rule set has, so that the admin test holds whatever the shipped rules learn.
WORD = "xqzvorp"


def test_admin_accepts_a_suggestion_into_a_new_version_via_the_dry_run(app, db, client, auth, make_user,
                                                                        make_proposal, tmp_path):
    from portal.profile.operations import active_ruleset
    from portal.admin.models import RuleSetVersion

    path = tmp_path / "history.csv"
    lines = ["title;body;boards;date"]
    lines += [f"Förslag {i};Vi vill ha {WORD} i parken;kultur;2024-01-0{i + 1}" for i in range(4)]
    lines += [f"Annat {i};Något helt annat;tekniska;2024-02-0{i + 1}" for i in range(4)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["routing", "import-history", str(path)])
    assert result.exit_code == 0, result.output
    assert "  kultur: " in result.output and f"{WORD} (4/4, elsewhere 0, z 2.1)" in result.output

    proposal = make_proposal(title=f"Mer {WORD} åt folket")
    auth.login(make_user(roles=["admin"]))
    page = client.get("/admin/rulesets")
    assert page.status_code == 200
    assert f'value="kultur:{WORD}"' in page.text and "Kulturnämnden" in page.text
    assert "Den aktiva regeluppsättningen på 8 importerade ärenden" in page.text
    assert "history.csv, importerad" in page.text
    before = routing.route(routing.ProposalInput(title=WORD), active_ruleset())
    assert before.needs_triage

    none_chosen = client.post("/admin/rulesets/suggestions", data={})
    assert none_chosen.status_code == 400
    forged = client.post("/admin/rulesets/suggestions", data={"picks": ["kultur:annat-ord"]})
    assert forged.status_code == 400
    assert db.session.scalar(select(func.count(RuleSetVersion.id))) == 0

    r = client.post("/admin/rulesets/suggestions", data={"picks": [f"kultur:{WORD}"]})
    assert r.status_code == 200
    assert "id: suggested-kultur" in r.text and f"terms: [{WORD}]" in r.text
    assert proposal.title in r.text            # the dry run lists the proposal the draft would reroute
    assert "På den importerade ärendehistoriken" in r.text and "Med utkastet" in r.text
    assert db.session.scalar(select(func.count(RuleSetVersion.id))) == 0   # nothing stored yet
    assert routing.route(routing.ProposalInput(title=WORD), active_ruleset()).needs_triage

    import html
    import re
    draft = html.unescape(re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', r.text, re.S).group(1))
    r = client.post("/admin/rulesets", data={"text": draft.lstrip("\n"), "action": "activate"})
    assert r.status_code == 302
    version = db.session.scalar(select(RuleSetVersion))
    assert version is not None and f"terms: [{WORD}]" in version.text
    after = routing.route(routing.ProposalInput(title=f"Mer {WORD}"), active_ruleset())
    assert after.boards == ("kultur",) and after.ruleset_version == version.version
    assert f'value="kultur:{WORD}"' not in client.get("/admin/rulesets").text   # now a known term


def test_rule_set_page_query_count_does_not_grow_with_the_history(db, client, auth, make_user):
    from portal.handling.history import ParseResult, import_history
    from portal.extensions import db as _db
    from tests.query_counter import QueryCounter

    auth.login(make_user(roles=["admin"]))

    def count_after_adding(n, start, total):
        rows = [Referral(f"Förslag {i}", f"{WORD} nummer {i}", ("kultur",), None, i) for i in range(start, start + n)]
        import_history(ParseResult(rows, [], n), f"h{start}.csv", "v")
        db.session.commit()
        with QueryCounter(_db.engine) as counter:
            page = client.get("/admin/rulesets")
        assert page.status_code == 200 and f"på {total} importerade ärenden" in page.text
        return counter.count

    assert count_after_adding(3, 0, 3) == count_after_adding(30, 100, 33)   # and the figures follow the history


def test_suggested_rules_are_added_at_the_end_of_the_rules_and_keep_the_text():
    from portal.admin.operations import add_suggested_rules
    text = RULES.replace("rules:\n", "# a comment kept as it is\nrules:\n")
    draft = add_suggested_rules(text, [("kultur", "poesikväll"), ("kultur", "true"), ("tekniska", "gatlykta"),
                                       ("kultur", "poesikväll")], 2)
    assert draft.startswith(text.rstrip("\n"))      # nothing before is changed, comments included
    parsed = routing.parse_ruleset(draft)
    added = {r.id: r for r in parsed.rules[2:]}
    assert added["suggested-kultur"].terms == ("poesikväll", "true")    # "true" stays a word, not a boolean
    assert added["suggested-tekniska"].terms == ("gatlykta",) and added["suggested-tekniska"].weight == 2
    again = add_suggested_rules(draft, [("kultur", "uppläsning")], 2)
    assert "suggested-kultur-2" in {r.id for r in routing.parse_ruleset(again).rules}
    flow_text = RULES[:RULES.index("rules:")] + "rules: [{id: gata, terms: [cykelbana], boards: [tekniska]}]\n"
    flow = routing.parse_ruleset(add_suggested_rules(flow_text, [("kultur", "ord")], 1))   # rebuilt as YAML
    assert [(r.id, r.terms, r.boards) for r in flow.rules] == [
        ("gata", ("cykelbana",), ("tekniska",)), ("suggested-kultur", ("ord",), ("kultur",))]
