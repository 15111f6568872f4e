"""CI's dependency audit: run pip-audit on the virtualenv and say plainly what was audited.

pip-audit reports "No known vulnerabilities found" and exits 0 even when it could not reach its
vulnerability service and skipped every package. This prints one line that tells an audit that
did not run from one that passed, and fails only on known vulnerabilities.

    python tools/audit_dependencies.py [--pip-audit PATH]     exit 1 on a known vulnerability
"""
from __future__ import annotations

import argparse
import json
import subprocess  # nosec B404 - runs pip-audit from the virtualenv
import sys
import tempfile
from pathlib import Path


def summarise(report: dict) -> tuple[str, int]:
    """The line to print and the exit code, from pip-audit's JSON report."""
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = len(deps) - len(skipped)
    vulns = [(d["name"], d.get("version"), v.get("id")) for d in deps for v in d.get("vulns", [])]
    if vulns:
        listed = ", ".join(f"{n} {ver} ({vid})" for n, ver, vid in vulns)
        return f"pip-audit: FAILED: {len(vulns)} known vulnerabilities: {listed}", 1
    if not deps:
        return ("pip-audit: NOT POSSIBLE here: the report lists no packages, so nothing was audited "
                "(this is not a pass)"), 0
    if audited == 0:
        return (f"pip-audit: NOT POSSIBLE here: no vulnerability database could be reached, so none of the "
                f"{len(deps)} packages was audited (this is not a pass)"), 0
    if skipped:
        return (f"pip-audit: PARTIAL: {audited} of {len(deps)} packages audited, no known vulnerabilities; "
                f"{len(skipped)} could not be audited: {', '.join(d['name'] for d in skipped)}"), 0
    return f"pip-audit: passed: all {audited} packages audited, no known vulnerabilities", 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pip-audit", default=str(Path(sys.executable).with_name("pip-audit")))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        run = subprocess.run([args.pip_audit, "--progress-spinner", "off", "--skip-editable", "-f", "json",  # nosec B603
                              "-o", str(out)], capture_output=True, text=True, timeout=900)
        if not out.exists() or not out.read_text().strip():
            print("pip-audit: NOT POSSIBLE here: pip-audit gave no report (this is not a pass): "
                  + (run.stderr.strip().splitlines() or ["no error output"])[-1])
            return 0
        line, code = summarise(json.loads(out.read_text()))
    print(line)
    return code


if __name__ == "__main__":
    sys.exit(main())
