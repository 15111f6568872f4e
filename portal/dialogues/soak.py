"""What the soak benchmark (benchmarks/soak.py) needs from dialogues: where residents post
contributions, and which contribution texts the database holds afterwards."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Contribution, Dialogue, DialogueState


def contribution_targets() -> list[tuple[str, dict[str, str]]]:
    """(path, form fields) for a signed-in resident's contribution to each open dialogue: one per
    question and one general comment. The caller adds `body` and `csrf_token`."""
    dialogues = db.session.scalars(select(Dialogue).where(Dialogue.state == DialogueState.OPEN)
                                   .options(selectinload(Dialogue.questions)).order_by(Dialogue.id))
    targets = []
    for d in dialogues:
        path = f"/dialogues/{d.id}/contribute"
        targets.append((path, {"question_id": ""}))
        targets.extend((path, {"question_id": str(q.id)}) for q in d.questions)
    return targets


def contribution_bodies(conn: Connection) -> list[str]:
    """Every contribution's text, whatever its moderation state."""
    table = Contribution.__table__
    return list(conn.execute(select(table.c.body)).scalars())
