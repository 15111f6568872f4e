"""A registrar's past referrals: read from CSV, stored, and used to score the current rule set.

The CSV has a header row naming the columns `title`, `body`, `boards` and `date` (Swedish
`rubrik`, `text`, `nämnder`, `datum` work too; any order; other columns are ignored). It is
UTF-8, with or without a byte-order mark (Windows-1252, as Excel writes it, is read as well), and
its fields are separated by `;`, `,` or a tab (the header row tells which). `boards` lists the boards
the proposal was referred to, separated by `;`, `,` or `|` (quote the field when it uses the
file's own separator), each given by slug, code or name (`tekniska`, `TN`, `Tekniska nämnden`);
the first one is the board that answered, the lead. `date` is YYYY-MM-DD and may be empty. A
line that cannot be read is reported with its line number and the reason, and the other lines
are still read.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, select

import routing
from routing.normalise import normalise

from ..audit import record
from ..extensions import db
from .models import RoutingHistoryImport, RoutingHistoryItem

COLUMNS = {
    "title": ("title", "rubrik", "titel"),
    "body": ("body", "text", "beskrivning", "förslag"),
    "boards": ("boards", "board", "nämnder", "nämnd"),
    "date": ("date", "datum"),
}
_BOARD_SPLIT = re.compile(r"\s*[;,|]\s*")


@dataclass(frozen=True)
class Referral:
    """One past proposal and the boards it was referred to, lead first."""
    title: str
    body: str
    boards: tuple[str, ...]
    referred_on: date | None = None
    line: int = 0

    @property
    def digest(self) -> str:
        key = json.dumps([self.title, self.body, list(self.boards), str(self.referred_on or "")], ensure_ascii=False)
        return hashlib.sha256(key.encode()).hexdigest()


@dataclass
class ParseResult:
    referrals: list[Referral] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)   # (line, reason)
    lines: int = 0                                                 # data records read


def decode(data: bytes) -> str:
    """UTF-8 with or without a byte-order mark; else Windows-1252 (Excel's Swedish CSV)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _board_lookup(rs: routing.RuleSet) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for slug, board in rs.boards.items():
        lookup[normalise(slug)] = slug
        lookup[normalise(board.code)] = slug
        for name in board.name.values():
            lookup[normalise(name)] = slug
    return lookup


def parse_history(text: str, rs: routing.RuleSet) -> ParseResult:
    """Read the CSV text; every bad line is an error with its number, the rest are referrals."""
    result = ParseResult()
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append((1, "the file is empty"))
        return result
    names = [normalise(h.strip()) for h in header]
    where: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for i, name in enumerate(names):
            if name in aliases and key not in where:
                where[key] = i
    missing = [k for k in ("title", "body", "boards") if k not in where]
    if missing:
        result.errors.append((1, f"the header has no column {', '.join(missing)} "
                                 f"(found: {', '.join(h.strip() for h in header) or 'nothing'})"))
        return result
    boards = _board_lookup(rs)
    line = reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        result.lines += 1
        problem, referral = _referral(record, where, boards, start)
        if problem:
            result.errors.append((start, problem))
        else:
            result.referrals.append(referral)
    return result


def _referral(record: list[str], where: dict[str, int], boards: dict[str, str], line: int):
    def cell(key: str) -> str:
        i = where.get(key)
        return record[i].strip() if i is not None and i < len(record) else ""

    needed = max(where[k] for k in ("title", "body", "boards")) + 1
    if len(record) < needed:
        return f"{len(record)} fields, expected at least {needed} (is the separator right?)", None
    title, body = cell("title"), cell("body")
    if not title and not body:
        return "no title and no body", None
    given = [b for b in _BOARD_SPLIT.split(cell("boards")) if b]
    if not given:
        return "no board", None
    unknown = [b for b in given if normalise(b) not in boards]
    if unknown:
        return f"unknown board {', '.join(repr(b) for b in unknown)}", None
    slugs = tuple(dict.fromkeys(boards[normalise(b)] for b in given))
    raw_date = cell("date")
    referred_on = None
    if raw_date:
        try:
            referred_on = date.fromisoformat(raw_date[:10])
        except ValueError:
            return f"date {raw_date!r} is not YYYY-MM-DD", None
    return None, Referral(title, body, slugs, referred_on, line)


def import_history(result: ParseResult, filename: str, ruleset_version: str, actor_id: int | None = None,
                   replace: bool = False) -> RoutingHistoryImport:
    """Store the referrals not stored before (the caller commits); returns the import's record.

    With `replace`, the history stored before is deleted first (a corrected export, or data that
    should no longer be kept)."""
    if replace:
        removed = db.session.execute(delete(RoutingHistoryItem)).rowcount
        db.session.execute(delete(RoutingHistoryImport))
        record(None, "routing.history_clear", "routing_history_import", None, {"referrals": removed}, None)
    digests = {r.digest for r in result.referrals}
    known = set(db.session.scalars(select(RoutingHistoryItem.digest).where(RoutingHistoryItem.digest.in_(digests))))
    batch = RoutingHistoryImport(filename=filename[:255], ruleset_version=ruleset_version[:80],
                                 imported_by_id=actor_id, rows_read=result.lines,
                                 rows_rejected=len(result.errors), rows_added=0)
    db.session.add(batch)
    db.session.flush()
    for r in result.referrals:
        if r.digest in known:
            continue
        known.add(r.digest)
        db.session.add(RoutingHistoryItem(import_id=batch.id, line=r.line, title=r.title, body=r.body,
                                          boards=list(r.boards), referred_on=r.referred_on, digest=r.digest))
        batch.rows_added += 1
    record(None, "routing.history_import", "routing_history_import", batch.id, None,
           {"file": batch.filename, "read": batch.rows_read, "added": batch.rows_added,
            "rejected": batch.rows_rejected})
    db.session.flush()
    return batch


def stored_history() -> list[Referral]:
    """Every stored referral, oldest import first (one query)."""
    rows = db.session.execute(select(RoutingHistoryItem.title, RoutingHistoryItem.body, RoutingHistoryItem.boards,
                                     RoutingHistoryItem.referred_on, RoutingHistoryItem.line)
                              .order_by(RoutingHistoryItem.id))
    return [Referral(t, b, tuple(bs or ()), d, n) for t, b, bs, d, n in rows]


def history_key() -> tuple:
    """How many referrals are stored, the newest id and the highest content digest: changes with the history."""
    return tuple(db.session.execute(select(func.count(RoutingHistoryItem.id), func.max(RoutingHistoryItem.id),
                                           func.max(RoutingHistoryItem.digest))).one())


def history_imports(limit: int = 10) -> list[RoutingHistoryImport]:
    return list(db.session.scalars(select(RoutingHistoryImport).order_by(RoutingHistoryImport.id.desc()).limit(limit)))


# -- scoring -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BoardScore:
    board: str
    expected: int     # referrals to this board
    routed: int       # referrals the rules send to it
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.routed if self.routed else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Score:
    """How a rule set routes the history: micro-averaged over (referral, board) pairs."""
    n: int
    precision: float
    recall: float
    f1: float
    set_accuracy: float   # share routed to exactly the referred boards
    lead: float           # share whose lead is the board listed first
    triage: float         # share sent to triage
    boards: tuple[BoardScore, ...]
    ruleset_version: str = ""


def evaluate(rs: routing.RuleSet, referrals: list[Referral]) -> Score:
    """Route every referral with the rule set and compare with the boards the registrar chose."""
    tp = fp = fn = exact = lead = triage = 0
    per: dict[str, list[int]] = {b: [0, 0, 0] for b in rs.boards}   # expected, routed, correct
    for r in referrals:
        d = routing.route(routing.ProposalInput(title=r.title, body=r.body), rs)
        got, want = set(d.boards), set(r.boards)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        exact += got == want
        lead += bool(r.boards) and d.lead == r.boards[0]
        triage += d.needs_triage
        for b in want:
            per.setdefault(b, [0, 0, 0])[0] += 1
        for b in got:
            per.setdefault(b, [0, 0, 0])[1] += 1
        for b in got & want:
            per[b][2] += 1
    n = len(referrals)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    boards = tuple(BoardScore(b, *v) for b, v in per.items() if v[0] or v[1])
    return Score(n, precision, recall, f1, exact / n if n else 0.0, lead / n if n else 0.0,
                 triage / n if n else 0.0, boards, rs.version)
