"""Factories for guidance tests: the seeded glossary and guide; dialogue and handling factories reused."""
from __future__ import annotations

import pytest

from tests.dialogues.conftest import dialogue_data, make_dialogue, meeting_data, officer  # noqa: F401
from tests.handling.conftest import handled, staff, walk  # noqa: F401


@pytest.fixture
def guidance(db):
    """The shipped glossary and guide, seeded in the test's transaction."""
    from portal.guidance.operations import seed_guidance
    result = seed_guidance()
    db.session.commit()
    return result


def get(client, url):
    """GET a page and return (status, text), closing the response."""
    r = client.get(url)
    status, text = r.status_code, r.get_data(as_text=True)
    r.close()
    return status, text


def switch(client, lang):
    """Choose the interface language; the test's app context caches the locale, so refresh it."""
    from flask_babel import refresh
    client.get(f"/language/{lang}").close()
    refresh()
