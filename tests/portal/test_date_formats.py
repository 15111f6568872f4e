"""One date format per kind, in the reader's locale and Stockholm time: no "2026/12/04", no seconds."""
import re
from datetime import date, datetime, timezone

import pytest
from flask_babel import force_locale

from portal.i18n import format_day, format_moment

MOMENT = datetime(2026, 12, 4, 17, 0, tzinfo=timezone.utc)  # 18:00 in Stockholm


@pytest.mark.parametrize("lang, day, moment", [
    ("sv", "4 december 2026", "4 december 2026 18:00"),
    ("en", "December 4, 2026", "December 4, 2026, 6:00\u202fPM"),
    ("ar", "4 ديسمبر 2026", "4 ديسمبر 2026، 6:00 م"),
])
def test_each_kind_has_one_format_whatever_width_a_template_asks_for(app, lang, day, moment):
    with app.test_request_context(), force_locale(lang):
        assert {format_day(MOMENT, w) for w in ("short", "medium", "long")} == {day}
        assert format_day(date(2026, 12, 4)) == day
        assert {format_moment(MOMENT, w) for w in ("short", "medium", "long")} == {moment}


def test_pages_show_no_numeric_dates_and_no_seconds(db, client, make_proposal):
    p = make_proposal(state="published")
    db.session.commit()
    client.get("/language/ar")
    from flask_babel import refresh
    refresh()
    body = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    visible = re.sub(r"<[^>]+>", " ", re.sub(r'datetime="[^"]*"', "", body))
    assert not re.search(r"\d{1,4}[/‏.]\d{1,2}[/‏.]\d{2,4}", visible), visible
    assert not re.search(r"\d{1,2}:\d{2}:\d{2}", visible)
