"""Command line: ``route`` (JSON Lines), ``explain`` (one proposal) and ``check`` (a rule set)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from .engine import ProposalInput, route
from .explain import explain
from .ruleset import RuleSet, RuleSetError, default_ruleset, load_ruleset


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    ap = argparse.ArgumentParser(prog="python -m routing", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("route", help="route JSON Lines proposals, one decision per line")
    p.add_argument("--rules", help="rule set file (default: the shipped Malmö rules)")
    p.add_argument("input", nargs="?", help="JSON Lines file (default: standard input)")
    p = sub.add_parser("explain", help="explain the decision for one proposal")
    p.add_argument("--rules")
    p.add_argument("title")
    p.add_argument("body", nargs="?", default="")
    p.add_argument("--district")
    p.add_argument("--topic", action="extend", nargs="+", default=[], help="chosen topic slug(s)")
    p.add_argument("--lang", choices=("sv", "en", "ar"), default=None,
                   help="language of the explanation (default: the proposal's own)")
    p = sub.add_parser("check", help="validate a rule set file")
    p.add_argument("file")
    args = ap.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):     # real console streams: always write UTF-8
            stream.reconfigure(encoding="utf-8")
    if args.command == "check":
        return _check(args.file)
    try:
        rs = load_ruleset(args.rules) if args.rules else default_ruleset()
    except RuleSetError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 2
    if args.command == "explain":
        d = route(ProposalInput("", args.title, args.body, args.district, tuple(args.topic)), rs)
        print(explain(d, rs, args.lang or d.language))
        return 0
    if args.input:
        with open(args.input, "rb") as fh:
            return route_lines(fh, sys.stdout, rs)
    return route_lines(sys.stdin.buffer, sys.stdout, rs)


def _check(path: str) -> int:
    try:
        rs = load_ruleset(path)
    except RuleSetError as exc:
        print("\n".join(exc.problems))
        print(f"{len(exc.problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"{path}: OK (version {rs.version}, {len(rs.boards)} boards, {len(rs.topics)} topics, "
          f"{len(rs.rules)} rules, {len(rs.index.terms)} terms)")
    return 0


def route_lines(src: IO[bytes], out: IO[str], rs: RuleSet) -> int:
    """Route each JSON line of src to out; a bad line yields an error object. Return 1 if any failed."""
    failed = False
    for n, raw in enumerate(src, 1):
        try:
            line = raw.decode("utf-8")
            if not line.strip():
                continue
            result = route(_proposal(json.loads(line)), rs).to_dict()
        except (ValueError, UnicodeDecodeError) as exc:
            failed = True
            result = {"line": n, "error": str(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if failed else 0


def _proposal(obj: Any) -> ProposalInput:
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    pid = obj.get("id")
    if isinstance(pid, bool) or not isinstance(pid, (str, int)) or pid == "":
        raise ValueError("'id' must be a non-empty string or integer")
    for key in ("title", "body", "district"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise ValueError(f"'{key}' must be a string")
    if not (obj.get("title") or obj.get("body")):
        raise ValueError("'title' or 'body' is required")
    topics = obj.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ValueError("'topics' must be a list of strings")
    return ProposalInput(str(pid), obj.get("title") or "", obj.get("body") or "",
                         obj.get("district"), tuple(topics))
