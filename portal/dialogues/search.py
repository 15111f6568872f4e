"""Dialogues in the public search: the "dialogue" document kind and its change tracking."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..search.documents import make_document, register_source
from ..search.models import track_model
from .models import STATE_LABELS, Dialogue, Question

LOCAL = ZoneInfo("Europe/Stockholm")
SUMMARY_LENGTH = 300
_EMPHASIS = re.compile(r"[*_`]+")
_MARKUP = re.compile(r"[#>\[\]()!]+")


def _summary(text: str) -> str:
    """The first words of the (Markdown) description as plain text."""
    plain = " ".join(_MARKUP.sub(" ", _EMPHASIS.sub("", text or "")).split())
    return plain if len(plain) <= SUMMARY_LENGTH else plain[:SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _local(day: date, end: bool = False) -> datetime:
    return datetime.combine(day, time(23, 59, 59) if end else time(0, 0), LOCAL)


def dialogue_document(d: Dialogue) -> dict:
    """A dialogue as the index holds it; the deadline is the last day views are taken."""
    boards = [b.slug for b in d.boards]
    doc = make_document(
        kind="dialogue", ref_id=d.id, title=d.title, summary=_summary(d.description),
        body="\n".join([d.description, *(q.text for q in d.questions), d.feedback_heard or "",
                        d.feedback_decided or "", d.feedback_why or ""]),
        status=d.state.value, boards=boards, lead_board=boards[0] if boards else None,
        districts=[x.slug for x in d.districts], topics=[t.slug for t in d.topics],
        published=_local(d.starts_on), deadline=_local(d.ends_on, end=True) if d.takes_contributions else None,
        url=f"/dialogues/{d.id}", dialogue_kind=d.kind.value)
    # The period's days at noon, so the shown dates are the same in every time zone around Europe.
    doc.update(level=d.level.value, starts_at=int(datetime.combine(d.starts_on, time(12), LOCAL).timestamp()),
               ends_at=int(datetime.combine(d.ends_on, time(12), LOCAL).timestamp()))
    return doc


def load_dialogues(ids: list[int]) -> list[dict]:
    """Documents for the dialogues among `ids`; every dialogue page is public."""
    rows = db.session.scalars(
        select(Dialogue).where(Dialogue.id.in_(ids)).options(
            selectinload(Dialogue.boards), selectinload(Dialogue.districts), selectinload(Dialogue.topics),
            selectinload(Dialogue.questions)))
    return [dialogue_document(d) for d in rows]


def dialogue_ids() -> Iterable[int]:
    return db.session.scalars(select(Dialogue.id).order_by(Dialogue.id)).all()


def register() -> None:
    """Make dialogues a search kind; a change to a dialogue row (its state, feedback, boards,
    districts, topics) queues an index update in the same transaction."""
    register_source("dialogue", load_dialogues, dialogue_ids,
                    {s.value: label for s, label in STATE_LABELS.items()})
    track_model(Dialogue, "dialogue")
    track_model(Question, "dialogue", ref=lambda q: q.dialogue_id)

