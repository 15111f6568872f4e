"""Guidance in the browser: axe on the glossary, level pages, guide and dialogue form in sv, en and ar;
a new officer plans a dialogue through the guided flow."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations, login, set_language
from tests.browser.test_dialogues import logout

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]
LANGS = ["sv", "en", "ar"]


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_level_and_guide_pages_have_no_axe_violations(page, live_server, lang):
    set_language(page, live_server, lang)
    paths = ["/glossary", "/glossary/brukardialog", "/glossary/dialogue-feedback_published", "/participation/",
             "/participation/information", "/participation/consultation", "/participation/dialogue",
             "/participation/influence", "/participation/co_decision", "/guide", "/dialogues/1"]
    for path in paths:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_no_violations(page, f"{lang} {path}")


@pytest.mark.parametrize("lang", LANGS)
def test_dialogue_form_and_administration_have_no_axe_violations(page, live_server, lang):
    login(page, live_server, "admin@demo.malmo.se")
    set_language(page, live_server, lang)
    for path in ["/admin/glossary", "/admin/glossary/remiss", "/admin/guide", "/admin/guide/overlap"]:
        page.goto(live_server + path)
        assert_no_violations(page, f"{lang} {path}")
    set_language(page, live_server, "sv")
    logout(page, live_server)
    login(page, live_server, "coordinator@demo.malmo.se")
    set_language(page, live_server, lang)
    for path in ["/dialogues/new", "/dialogues/2/edit", "/dialogues/coordination"]:
        page.goto(live_server + path)
        assert_no_violations(page, f"{lang} {path}")
    page.goto(live_server + "/dialogues/new")
    page.fill("#feedback_due", "2000-01-01")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} dialogue form with errors")
    set_language(page, live_server, "sv")


def test_glossary_link_is_reachable_by_keyboard_and_lands_on_the_definition(page, live_server):
    set_language(page, live_server, "en")
    page.goto(live_server + "/dialogues/1")
    link = page.locator(".badge a.glossary-link").first
    assert link.get_attribute("href").startswith("/glossary#term-")
    assert "(what it means)" in link.text_content()  # the accessible name says where the link leads
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary#term-*")
    anchor = page.url.split("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_be_visible()
    set_language(page, live_server, "sv")


def test_new_officer_plans_a_dialogue_through_the_guided_flow(page, live_server):
    base = live_server
    login(page, base, "officer.grn@demo.malmo.se")
    set_language(page, base, "en")
    page.goto(base + "/dialogues/new")
    # Each step links to its part of the guide; the officer reads how to choose kind and level.
    page.get_by_role("link", name="Guide: Choosing the kind of dialogue and the participation level").first.click()
    page.wait_for_url("**/guide#guide-kind-and-level")
    expect(page.locator("#guide-kind-and-level")).to_be_visible()
    assert "user dialogue" in page.locator("main").inner_text().lower()
    page.go_back()
    page.get_by_role("link", name="Guide: Reaching under-represented groups").click()
    page.wait_for_url("**/guide#guide-reach")
    page.go_back()
    start, end = date.today() + timedelta(days=60), date.today() + timedelta(days=90)
    page.fill("#title", "Elevrådens röst om skolgårdarna")
    page.fill("#description", "Vad behöver skolgårdarna? Eleverna kan påverka vad som byggs först.")
    page.locator("fieldset", has=page.locator("legend", has_text="Organising boards")) \
        .get_by_label("Compulsory School Committee").check()
    page.fill("#contact_name", "Gustav Handläggare")
    page.fill("#contact_email", "gustav@malmo.se")
    page.select_option("#kind", "user")
    page.select_option("#level", "influence")
    page.check("#purpose_stated")
    page.locator("fieldset", has=page.locator("legend", has_text="Target groups")) \
        .get_by_label("Children", exact=True).check()
    page.fill("#starts_on", start.isoformat())
    page.fill("#ends_on", end.isoformat())
    page.fill("#feedback_due", (end + timedelta(days=30)).isoformat())
    page.check("#overlap_checked")
    page.locator("form.stack button[type=submit]").click()
    assert "The dialogue is saved" in page.content()
    main = page.locator("main").inner_text()
    assert "User dialogue" in main and "The city promises feedback by" in main
    assert "Checklist: 4 of 6 done" in main
    assert page.locator("#check-accessibility").inner_text().startswith("To do:")
    set_language(page, base, "sv")
