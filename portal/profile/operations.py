"""Load a routing rule set's boards, districts and topics into the database."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from .models import Board, District, Topic


_STORED: dict[tuple, object] = {}


def active_ruleset():
    """The newest rule set activated in the browser, else the configured file (the shipped Malmö one
    by default). A stored version is parsed once per version; its version string is the stored one,
    so every decision keeps the exact version it used."""
    import dataclasses

    import routing
    from ..admin.models import RuleSetVersion

    row = db.session.execute(select(RuleSetVersion.id, RuleSetVersion.version)
                             .order_by(RuleSetVersion.id.desc()).limit(1)).first()
    if row is not None:
        key = (str(db.engine.url), row.id, row.version)
        if key not in _STORED:
            text = db.session.scalar(select(RuleSetVersion.text).where(RuleSetVersion.id == row.id))
            _STORED.clear()
            _STORED[key] = dataclasses.replace(routing.parse_ruleset(text, source=f"db:{row.version}"),
                                               version=row.version)
        return _STORED[key]
    path = current_app.config.get("PROFILE_RULESET")
    if path:
        return routing.load_ruleset(path)
    return routing.default_ruleset()


def load_profile(ruleset, overwrite_names: bool = False) -> dict[str, int]:
    """Insert missing boards, districts and topics and update their order and topic-to-board links;
    never deletes (history refers to them). Names of existing rows are kept unless overwrite_names:
    administrators edit them in /admin, and `flask profile load` runs at every start."""
    counts = {"boards": 0, "districts": 0, "topics": 0}
    boards = {b.slug: b for b in db.session.scalars(select(Board))}
    for pos, rb in enumerate(ruleset.boards.values()):
        board = boards.get(rb.slug)
        if board is None:
            board = Board(slug=rb.slug)
            db.session.add(board)
            boards[rb.slug] = board
            counts["boards"] += 1
        if board.id is None or overwrite_names:
            board.names = dict(rb.name)
        board.code, board.position = rb.code, pos
    districts = {d.slug: d for d in db.session.scalars(select(District))}
    for pos, rd in enumerate(ruleset.districts):
        district = districts.get(rd.slug)
        if district is None:
            district = District(slug=rd.slug)
            db.session.add(district)
            counts["districts"] += 1
        if district.id is None or overwrite_names:
            district.swedish_name = rd.name
        district.position = pos
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    for pos, rt in enumerate(ruleset.topics.values()):
        topic = topics.get(rt.slug)
        if topic is None:
            topic = Topic(slug=rt.slug)
            db.session.add(topic)
            counts["topics"] += 1
        if topic.id is None or overwrite_names:
            topic.names = dict(rt.name)
        topic.position = pos
        topic.boards = [boards[s] for s in rt.boards]
    db.session.flush()
    return counts
