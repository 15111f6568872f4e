"""Exports of proposals, decisions and dialogues: only public fields, the same rows as CSV or JSON."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..dialogues.queries import LIST_LOADS
from ..dialogues.models import Dialogue
from ..extensions import db
from ..handling.models import Case
from ..comments.queries import counts as comment_counts, public_rows as public_comment_rows
from ..privacy.public import public_case, public_comment, public_dialogue, public_dict
from ..proposals.models import PUBLIC_STATES, Proposal
from ..api.queries import decisions_stmt

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def proposal_rows() -> list[dict]:
    rows = db.session.scalars(select(Proposal).where(Proposal.state.in_(PUBLIC_STATES), Proposal.hidden.is_(False))
                              .order_by(Proposal.id)).unique()
    rows = list(rows)
    counts = comment_counts([p.id for p in rows])
    out = []
    for p in rows:
        d = public_dict("proposal", p)
        out.append({"id": d["id"], "title": d["title"], "summary": d["summary"], "state": d["state"],
                    "outcome": d["outcome"], "published_at": d["published_at"], "ends_at": d["ends_at"],
                    "support_count": d["support_count"], "verified_support_count": d["verified_support_count"],
                    "author": d["author"]["public_name"],
                    "district": d["district"]["slug"] if d["district"] else "",
                    "topics": " ".join(t["slug"] for t in d["topics"]),
                    "comment_count": counts.get(p.id, 0)})
    return out


def comment_rows() -> list[dict]:
    """Public comments of public proposals: the text, the public display name or the board answering."""
    out = []
    for c in public_comment_rows():
        d = public_comment(c)
        out.append({"id": d["id"], "proposal_id": c.proposal_id, "parent_id": d["parent_id"] or "",
                    "author": d["author"]["public_name"], "board": d["board"]["slug"] if d["board"] else "",
                    "created_at": d["created_at"], "edited_at": d["edited_at"] or "", "body": d["body"]})
    return out


def decision_rows() -> list[dict]:
    stmt = decisions_stmt().order_by(None).order_by(Case.id)
    out = []
    for case in db.session.scalars(stmt).unique():
        h = public_case(case)
        dec = h["decision"]
        out.append({"proposal_id": case.proposal_id, "title": case.proposal.title, "reference": case.reference or "",
                    "boards": " ".join(b["board"]["slug"] for b in h["boards"]),
                    "lead_board": next((b["board"]["slug"] for b in h["boards"] if b["role"] == "lead"), ""),
                    "outcome": dec["outcome"], "minute_ref": dec["minute_ref"] or "",
                    "meeting_date": dec["meeting_date"] or "", "decided_at": dec["decided_at"] or "",
                    "statements": len(h["statements"])})
    return out


def dialogue_rows() -> list[dict]:
    rows = db.session.scalars(select(Dialogue).options(*LIST_LOADS, selectinload(Dialogue.meetings))
                              .order_by(Dialogue.id))
    out = []
    for dlg in rows:
        d = public_dialogue(dlg)
        fb = d["feedback"] or {}
        out.append({"id": d["id"], "title": d["title"], "level": d["level"], "state": d["state"],
                    "starts_on": d["starts_on"], "ends_on": d["ends_on"], "contact_name": d["contact_name"],
                    "boards": " ".join(b["slug"] for b in d["boards"]),
                    "districts": " ".join(x["slug"] for x in d["districts"]),
                    "target_groups": " ".join(d["target_groups"]), "meetings": len(dlg.meetings),
                    "feedback_decided": fb.get("decided", "")})
    return out


DATASETS = {"proposals": proposal_rows, "decisions": decision_rows, "dialogues": dialogue_rows,
            "comments": comment_rows}


# A cell that starts with one of these runs as a formula when the file is opened in a spreadsheet
# (OWASP, CSV injection); the full-width forms are read as the same by some spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula starts with a single quote instead
    (OWASP's advice); numbers and other cells are left as they are."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def to_csv(rows: list[dict], fieldnames: list[str] | None = None) -> str:
    """The one CSV writer: every cell quoted, embedded quotes doubled, formula cells neutralised."""
    buf = io.StringIO()
    fieldnames = fieldnames or (list(rows[0]) if rows else [])
    if fieldnames:
        w = csv.DictWriter(buf, fieldnames=fieldnames, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        w.writerow({f: neutralise(f) for f in fieldnames})
        w.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()
