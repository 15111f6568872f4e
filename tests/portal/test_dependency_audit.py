"""CI's dependency audit never reports a pass for an audit that did not run; versions are pinned."""
import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("audit_dependencies", REPO / "tools" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def _dep(name, vulns=(), skipped=False):
    if skipped:
        return {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name}"}
    return {"name": name, "version": "1.0", "vulns": [{"id": v} for v in vulns]}


def test_an_audit_that_could_not_reach_its_database_says_so():
    line, code = audit.summarise({"dependencies": [_dep("flask", skipped=True), _dep("jinja2", skipped=True)]})
    assert line.startswith("pip-audit: NOT POSSIBLE here") and "not a pass" in line and code == 0
    assert "passed" not in line and "No known vulnerabilities" not in line
    # A report without packages audited nothing either.
    line, code = audit.summarise({"dependencies": []})
    assert line.startswith("pip-audit: NOT POSSIBLE here") and "passed" not in line and code == 0


def test_partial_and_full_audits_and_known_vulnerabilities():
    line, code = audit.summarise({"dependencies": [_dep("flask"), _dep("jinja2", skipped=True)]})
    assert line.startswith("pip-audit: PARTIAL: 1 of 2") and "jinja2" in line and code == 0
    assert audit.summarise({"dependencies": [_dep("flask")]}) == (
        "pip-audit: passed: all 1 packages audited, no known vulnerabilities", 0)
    line, code = audit.summarise({"dependencies": [_dep("flask", vulns=["PYSEC-2023-62"])]})
    assert line.startswith("pip-audit: FAILED") and "PYSEC-2023-62" in line and code == 1


def test_ci_uses_the_summary_and_install_uses_the_constraints():
    ci = (REPO / ".ci" / "run").read_text()
    assert "tools/audit_dependencies.py" in ci and "[ \"$rc\" -eq 0 ]" not in ci
    makefile = (REPO / "Makefile").read_text()
    assert "-c constraints.txt" in makefile and "\nconstraints:" in makefile


def test_constraints_pin_every_direct_dependency():
    pins = {m.group(1).lower().replace("_", "-") for m in
            re.finditer(r"^([A-Za-z0-9_.-]+)==", (REPO / "constraints.txt").read_text(), re.M)}
    pyproject = (REPO / "pyproject.toml").read_text()
    block = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    direct = {re.split(r"[<>=!\[; ]", s.strip().strip('",'))[0].lower().replace("_", "-")
              for s in block.splitlines() if s.strip().startswith('"')}
    missing = sorted(direct - pins)
    assert not missing, f"run `make constraints` (and commit constraints.txt): unpinned {missing}"
