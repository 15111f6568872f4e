"""Factories for dialogue tests."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest


@pytest.fixture
def officer(make_user):
    """An officer of Tekniska nämnden."""
    return make_user(roles=["officer"], boards=["tekniska"], name="Tove Handläggare")


def ids(db, model, slugs):
    return [str(x.id) for x in db.session.scalars(db.select(model).where(model.slug.in_(slugs)))]


@pytest.fixture
def dialogue_data(db):
    """Valid form data for a dialogue: Tekniska nämnden asks families in Oxie about a park."""
    from portal.dialogues.models import Level
    from portal.profile.models import Board, District, Topic

    def _data(**over):
        today = date.today()
        data = {"title": "Ny park i Oxie", "description": "Vad vill du ha i **parken**?",
                "board_ids": ids(db, Board, over.pop("boards", ["tekniska"])), "contact_name": "Tove Handläggare",
                "contact_email": "tove@malmo.se", "level": Level.CONSULTATION,
                "district_ids": ids(db, District, over.pop("districts", ["oxie"])),
                "topic_ids": ids(db, Topic, over.pop("topics", ["parker"])),
                "target_groups": over.pop("target_groups", ["families"]),
                "starts_on": today - timedelta(days=10), "ends_on": today + timedelta(days=50),
                "questions": ["Vad saknar du i parken?", "Hur tar du dig dit?"]}
        data.update(over)
        return data
    return _data


@pytest.fixture
def make_dialogue(db, officer, dialogue_data):
    """Factory: make_dialogue(state='open', actor=officer, **data overrides)."""
    from portal.dialogues import operations as ops
    from portal.dialogues.models import DialogueState as D

    def _make(state="open", actor=None, **over):
        actor = actor or officer
        d = ops.save_dialogue(actor, dialogue_data(**over))
        path = [D.OPEN, D.ANALYSING, D.FEEDBACK_PUBLISHED, D.CLOSED]
        target = D(state)
        for s in path:
            if d.state == target:
                break
            if s == D.FEEDBACK_PUBLISHED:
                ops.save_feedback(d, actor, {"heard": "Ni vill ha fler bänkar.", "decided": "Vi bygger bänkar.",
                                             "why": "Många bad om det.", "board_id": d.boards[0].id})
            ops.change_state(d, s, actor)
        db.session.flush()
        return d
    return _make


@pytest.fixture
def meeting_data():
    from portal.dialogues.operations import LOCAL

    def _data(**over):
        start = datetime.combine(date.today() + timedelta(days=7), datetime.min.time()).replace(hour=18, tzinfo=LOCAL)
        data = {"title": "Öppet möte", "place": "Oxie bibliotek", "starts_at": start,
                "ends_at": start + timedelta(hours=2), "accessibility": "Hörslinga och ramp.", "capacity": 2}
        data.update(over)
        return data
    return _data


@pytest.fixture
def outbox(db):
    """The e-mails queued in the current transaction: list of payload dicts."""
    from portal.outbox.models import OutboxEntry

    def _emails(template=None):
        rows = [e.payload for e in db.session.scalars(db.select(OutboxEntry).order_by(OutboxEntry.id))
                if e.kind == "email"]
        return [r for r in rows if template is None or r["template"] == template]
    return _emails


@pytest.fixture(autouse=True)
def english_messages(db, app):
    """Domain error messages are matched in English (the msgids), whatever the default language."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        yield
