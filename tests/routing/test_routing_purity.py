"""routing/ is a pure library: no Flask, SQLAlchemy or Meilisearch."""
import subprocess
import sys

import routing
from routing_testdata import ROOT

CODE = ("import routing, routing.cli, sys; routing.route(routing.ProposalInput('1', 'Lekplats'), "
        "routing.default_ruleset()); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'meilisearch')); "
        "assert not bad, bad")


def test_import_pulls_in_no_web_or_database_library():
    p = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr


def test_public_api():
    for name in ("RuleSet", "RuleSetError", "ProposalInput", "Decision", "Match", "load_ruleset",
                 "parse_ruleset", "default_ruleset", "route", "explain"):
        assert hasattr(routing, name), name
    assert routing.default_ruleset() is routing.default_ruleset()
