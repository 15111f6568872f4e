"""The participation framework: a page per level, and every dialogue page states its promise and feedback date."""
from datetime import timedelta

import pytest

from portal.dialogues.models import Level

from .conftest import get, switch


@pytest.mark.parametrize("lang,heading", [("sv", "Vad staden lovar"), ("en", "What the city promises"),
                                          ("ar", "ما تعد به المدينة")])
@pytest.mark.parametrize("level", list(Level))
def test_level_page_states_promise_and_when_you_hear_back(client, guidance, lang, heading, level):
    switch(client, lang)
    status, html = get(client, f"/participation/{level.value}")
    assert status == 200 and heading in html
    assert f'href="/glossary#term-level-{level.value}"' in html


def test_unknown_level_is_404_and_overview_lists_every_level(client, guidance):
    assert get(client, "/participation/shouting")[0] == 404
    html = get(client, "/participation/")[1]
    for level in Level:
        assert f'/participation/{level.value}"' in html


def test_dialogue_page_states_level_promise_and_feedback_date(db, client, make_dialogue, guidance):
    d = make_dialogue(state="open", level=Level.DIALOGUE)
    db.session.commit()
    assert d.feedback_due == d.ends_on + timedelta(weeks=8)
    switch(client, "en")
    html = get(client, f"/dialogues/{d.id}")[1]
    assert "We talk with you, write down what we understood together" in html
    assert "The city promises feedback by" in html and f'datetime="{d.feedback_due}"' in html
    assert 'href="/participation/dialogue"' in html
