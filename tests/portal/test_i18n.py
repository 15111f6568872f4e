"""Languages: catalogues complete, language choice, right-to-left, locale formatting."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]


def extracted_ids(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(REPO / "babel.cfg"),
                    "--no-location", "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-o", str(pot), str(REPO)], check=True, cwd=REPO)
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", ["sv", "ar", "en"])
def test_catalogue_covers_every_message(tmp_path, lang):
    ids = extracted_ids(tmp_path)
    with (REPO / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    have = {m.id: m for m in catalog if m.id}
    missing = [i for i in ids if i not in have]
    assert not missing, f"{lang}: not in the catalogue (run make extract): {missing[:10]}"
    if lang == "en":
        return  # English is the source language
    untranslated = [m.id for m in have.values() if m.id in ids and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert not untranslated, f"{lang}: untranslated: {untranslated[:10]}"


def test_arabic_pages_are_right_to_left(client):
    client.get("/language/ar")
    html = client.get("/").text
    assert '<html lang="ar" dir="rtl">' in html


def test_swedish_is_the_default(client):
    html = client.get("/").text
    assert '<html lang="sv" dir="ltr">' in html and "Förslag" in html


def test_accept_language_then_session_then_account(client, auth, make_user):
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    client.get("/language/ar")
    assert 'lang="ar"' in client.get("/", headers={"Accept-Language": "en"}).text
    auth.login(make_user(locale="en"))
    assert 'lang="en"' in client.get("/").text


def test_unknown_language_is_404(client):
    assert client.get("/language/xx").status_code == 404


def test_dates_and_numbers_follow_the_locale(app):
    from datetime import datetime, timezone
    from flask_babel import force_locale, format_date, format_decimal
    d = datetime(2026, 3, 5, 12, tzinfo=timezone.utc)
    with app.test_request_context():
        with force_locale("sv"):
            assert format_date(d, "long") == "5 mars 2026"
            assert format_decimal(12345) == "12\xa0345"
        with force_locale("en"):
            assert format_date(d, "long") == "March 5, 2026"
        with force_locale("ar"):
            assert "مارس" in format_date(d, "long")


def test_emails_are_written_in_the_recipients_language(client, db, make_proposal, make_user):
    from portal.outbox.models import OutboxEntry
    make_proposal(author=make_user(locale="ar"))
    mail = db.session.scalars(db.select(OutboxEntry).order_by(OutboxEntry.id.desc())).first()
    assert mail.payload["locale"] == "ar"
    assert any("\u0600" <= ch <= "\u06ff" for ch in mail.payload["subject"])
