"""Dialogues in the browser: axe on every dialogue page in Swedish and Arabic, and a dialogue from planned to closed."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def logout(page, base):
    page.goto(base + "/")
    page.locator("form[action$='/account/logout'] button").click()


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_public_dialogue_pages_have_no_axe_violations(page, live_server, lang):
    set_language(page, live_server, lang)
    for path in ["/dialogues/", "/dialogues/?status=open&district=rosengard", "/dialogues/1", "/dialogues/5",
                 "/dialogues/6", "/districts/rosengard", "/proposals/5"]:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_no_violations(page, f"{lang} {path}")


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_staff_dialogue_pages_have_no_axe_violations(page, live_server, lang):
    login(page, live_server, "coordinator@demo.malmo.se")
    set_language(page, live_server, lang)
    for path in ["/dialogues/coordination", "/dialogues/2", "/dialogues/2/edit", "/dialogues/1/meetings/new",
                 "/dialogues/4/feedback"]:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_no_violations(page, f"{lang} {path}")
    page.goto(live_server + "/dialogues/new")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} dialogue form with errors")
    logout(page, live_server)
    login(page, live_server, "moderator@demo.malmo.se")
    set_language(page, live_server, lang)
    page.goto(live_server + "/dialogues/moderation")
    assert_no_violations(page, f"{lang} contributions queue")
    set_language(page, live_server, "sv")


def test_dialogue_from_planned_to_closed(page, live_server):
    base = live_server
    login(page, base, "officer.tn@demo.malmo.se")
    set_language(page, base, "sv")
    page.goto(base + "/dialogues/new")
    start, end = date.today() + timedelta(days=1), date.today() + timedelta(days=40)
    page.fill("#title", "Belysning och trygghet längs Rosengårdsstråket")
    page.fill("#description", "Var känns det mörkt och otryggt på kvällen?")
    page.locator("fieldset", has=page.locator("legend", has_text="Arrangerande nämnder")) \
        .get_by_label("Tekniska nämnden").check()
    page.fill("#contact_name", "Tove Handläggare")
    page.fill("#contact_email", "tove@malmo.se")
    page.select_option("#level", "dialogue")
    page.locator("fieldset", has=page.locator("legend", has_text="Områden")).get_by_label("Rosengård").check()
    page.locator("fieldset", has=page.locator("legend", has_text="Målgrupper")).get_by_label("Unga", exact=True).check()
    page.fill("#starts_on", start.isoformat())
    page.fill("#ends_on", end.isoformat())
    page.fill("#questions", "Var känns det otryggt?\nVilken belysning saknas?")
    page.locator("form.stack button[type=submit]").click()
    # The overlap warning: Fritid already asks young people in Rosengård in the same period.
    warning = page.locator(".overlap-warning")
    expect(warning).to_be_visible()
    assert "Fritidsgården i Rosengård" in warning.inner_text()
    assert "dialog.fritid@malmo.se" in warning.inner_text()
    assert "gemensam dialog" in warning.inner_text()
    page.check("#overlap_ack")
    page.locator("form.stack button[type=submit]").click()
    assert "Dialogen är sparad" in page.content()
    dialogue_url = page.url
    page.get_by_role("button", name="Öppna dialogen").click()
    assert "Öppen för synpunkter" in page.locator(".meta").first.inner_text()
    page.get_by_role("link", name="Lägg till ett möte").click()
    page.fill("#title", "Trygghetsvandring")
    page.fill("#place", "Rosengårds centrum")
    day = (date.today() + timedelta(days=10)).isoformat()
    page.fill("#starts_at", f"{day}T18:00")
    page.fill("#ends_at", f"{day}T20:00")
    page.fill("#accessibility", "Promenad på plan mark, tolk till arabiska.")
    page.fill("#capacity", "15")
    page.locator("form.stack button[type=submit]").click()
    assert "Mötet är sparat" in page.content()
    logout(page, base)

    login(page, base, "erik@demo.example")
    set_language(page, base, "sv")
    page.goto(dialogue_url)
    page.select_option("#question_id", index=1)
    page.fill("#body", "Gångtunneln vid skolan är helt mörk.")
    page.get_by_role("button", name="Skicka mitt bidrag").click()
    assert "En moderator läser ditt bidrag" in page.content()
    page.get_by_role("button", name="Anmäl dig till Trygghetsvandring").click()
    assert "Du är anmäld till mötet" in page.content()
    logout(page, base)

    login(page, base, "officer.tn@demo.malmo.se")
    page.goto(dialogue_url)
    page.get_by_role("button", name="Sluta ta emot synpunkter och analysera").click()
    page.get_by_role("link", name="Skriv återkopplingen").click()
    page.fill("#heard", "Många pekade ut gångtunneln vid skolan som mörk.")
    page.fill("#decided", "Tekniska nämnden sätter upp ny belysning i tunneln under våren.")
    page.fill("#why", "Det var den plats flest nämnde, och åtgärden ryms i budgeten.")
    page.select_option("#board_id", label="Tekniska nämnden")
    page.locator("form.stack button[type=submit]").click()
    page.get_by_role("button", name="Publicera återkopplingen").click()
    assert "Återkoppling publicerad" in page.content()
    page.get_by_role("button", name="Avsluta dialogen").click()
    assert "Dialogen är nu: Avslutad" in page.content()
    page.goto(base + "/dev/mail")
    mails = page.locator("article.mail").all_inner_texts()
    assert any("erik@demo.example" in m and "Återkoppling" in m for m in mails)
    logout(page, base)

    page.goto(dialogue_url)
    feedback = page.locator("#feedback")
    assert "gångtunneln vid skolan" in feedback.inner_text()
    assert "Tekniska nämnden" in feedback.inner_text()
    expect(page.locator("#contribute")).to_have_count(0)
