"""Content people write carries its language (WCAG 3.1.2): detected when saved, the author may correct it."""
import re

import pytest

from portal.i18n import detect_text_language
from portal.proposals import operations as ops


@pytest.mark.parametrize("text, lang", [
    ("Bygg en säker cykelbana till skolan och ett övergångsställe vid torget.", "sv"),
    ("Please build a safe cycle path to the school and a crossing near the square.", "en"),
    ("نريد حديقة للأطفال في الحي مع ألعاب ومقاعد للأهالي", "ar"),
])
def test_detects_the_language_of_a_text(text, lang):
    assert detect_text_language(text) == lang


def _data(**kw):
    data = {"title": "A safe path to the school", "summary": "The children need a safe way to school.",
            "body": "Please build a cycle path and a crossing near the school, so that the children can walk.",
            "duration_months": 3}
    data.update(kw)
    return data


def test_saved_proposals_carry_their_language_and_pages_mark_it(db, client, make_user):
    author = make_user()
    p = ops.save_draft(author, _data())
    assert p.lang == "en"
    ops.save_draft(author, _data(lang="sv"), p)  # the author corrects it
    assert p.lang == "sv"
    q = ops.save_draft(author, _data(title="حديقة للأطفال", summary="نريد حديقة للأطفال في الحي",
                                     body="نريد حديقة للأطفال في الحي مع ألعاب ومقاعد للأهالي"))
    assert q.lang == "ar"
    db.session.commit()
    from tests.conftest import Auth
    Auth(client).login(author)
    body = client.get(f"/proposals/{q.id}").get_data(as_text=True)
    assert re.search(r'<h1 dir="auto" lang="ar">', body) and 'class="prose" dir="auto" lang="ar"' in body
    form = client.get(f"/proposals/{p.id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="sv">|<option value="sv" selected>', form), form[:0]
