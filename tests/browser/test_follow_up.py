"""Follow-up in the browser: the lead board publishes an update, a resident reads it; axe in sv and ar."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]
TITLE = "Trygg skolväg till Oxievångsskolan"


def logout(page, base):
    page.goto(base + "/")
    page.locator("form[action$='/account/logout'] button").click()


def test_board_publishes_follow_up_and_resident_reads_it(page, live_server):
    base = live_server
    login(page, base, "coordinator@demo.malmo.se")
    set_language(page, base, "sv")
    page.goto(base + "/proposals/?status=answered")
    page.get_by_role("link", name=TITLE).first.click()
    proposal_url = page.url
    page.get_by_role("link", name="Öppna ärendet").click()
    expect(page.get_by_role("heading", name="Publicera uppföljning")).to_be_visible()
    assert_no_violations(page, "sv case page with the follow-up form")
    page.get_by_label("Påbörjat").check()
    page.get_by_label("Vad som ska göras, eller hur arbetet går").fill("Bygget av cykelbanan har börjat.")
    page.get_by_role("button", name="Publicera uppdateringen").click()
    expect(page.get_by_text("Uppföljningen är publicerad")).to_be_visible()
    page.goto(base + "/handling/follow-up")
    assert_no_violations(page, "sv follow-up overview")
    logout(page, base)
    login(page, base, "anna@demo.example")
    set_language(page, base, "sv")
    page.goto(proposal_url)
    section = page.locator("#follow-up")
    expect(section.get_by_role("heading", name="Vad hände sedan")).to_be_visible()
    expect(section.get_by_text("Bygget av cykelbanan har börjat.")).to_be_visible()
    expect(section.get_by_text("Cykelbanan projekteras under våren")).to_be_visible()
    expect(page.locator(".timeline a[href='#follow-up']")).to_have_count(2)
    assert_no_violations(page, "sv proposal with follow-up")
    set_language(page, base, "ar")
    page.goto(proposal_url)
    assert_no_violations(page, "ar proposal with follow-up")
    page.goto(base + "/statistics")
    assert_no_violations(page, "ar statistics with the follow-up chart")
    set_language(page, base, "sv")
    logout(page, base)
