"""Comments in the browser: a resident comments and replies, axe in Swedish and Arabic; the moderator's queue."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def logout(page, base):
    page.goto(base + "/")
    page.locator("form[action$='/account/logout'] button").click()


def open_proposal(page, base, title):
    page.goto(base + "/proposals/?status=published")
    page.get_by_role("link", name=title).first.click()
    return page.url


def test_resident_comments_replies_and_moderator_sees_the_queue(page, live_server):
    base = live_server
    login(page, base, "anna@demo.example")
    set_language(page, base, "sv")
    url = open_proposal(page, base, "Fler lekplatser i Kirseberg")
    expect(page.get_by_role("heading", name="Kommentarer")).to_be_visible()
    assert_no_violations(page, "sv proposal with an empty comment section")
    page.get_by_label("Din kommentar").fill("Ja! Gärna med skugga över sandlådan.")
    page.get_by_role("button", name="Skicka kommentar").click()
    expect(page.get_by_text("Tack! Din kommentar är publicerad.")).to_be_visible()
    comment = page.locator("article.comment", has_text="Gärna med skugga")
    expect(comment).to_be_visible()
    expect(comment.get_by_role("link", name="Ändra min kommentar")).to_be_visible()
    # a reply, opened from the disclosure with the keyboard
    page.locator("details.reply summary").first.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Ditt svar").first.fill("Och bänkar för föräldrarna.")
    page.get_by_role("button", name="Skicka svar").first.click()
    reply = page.locator(".comment-replies article.comment", has_text="bänkar för föräldrarna")
    expect(reply).to_be_visible()
    assert_no_violations(page, "sv proposal with a comment and a reply")
    set_language(page, base, "ar")
    page.goto(url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_violations(page, "ar proposal with comments")
    set_language(page, base, "sv")
    page.goto(url)
    comment.get_by_role("link", name="Ändra min kommentar").click()
    page.get_by_label("Din kommentar").fill("Ja! Gärna med skugga över sandlådan och gungorna.")
    assert_no_violations(page, "sv edit comment")
    page.get_by_role("button", name="Spara min kommentar").click()
    edited = page.locator("article.comment", has_text="och gungorna")
    expect(edited.get_by_text("Ändrad")).to_be_visible()
    logout(page, base)
    # another resident reports the reply
    login(page, base, "erik@demo.example")
    set_language(page, base, "sv")
    page.goto(url)
    reply.get_by_role("link", name="Anmäl kommentaren").click()
    page.locator("input[name=reason_id]").first.check()
    page.get_by_role("button", name="Skicka anmälan").click()
    logout(page, base)
    login(page, base, "moderator@demo.malmo.se")
    set_language(page, base, "sv")
    page.goto(base + "/moderation/comments")
    reported = page.locator("#reported article.card", has_text="bänkar för föräldrarna")
    expect(reported.get_by_text("1 öppen anmälan")).to_be_visible()
    assert_no_violations(page, "sv comments queue")
    reported.get_by_role("button", name="Dölj med detta offentliga skäl").click()
    expect(page.get_by_text("Kommentaren är dold och skribenten har fått veta varför.")).to_be_visible()
    page.goto(url)
    expect(page.locator("article.comment", has_text="Dold av moderator")).to_be_visible()
    expect(page.locator("article.comment", has_text="bänkar för föräldrarna")).to_have_count(0)
    set_language(page, base, "ar")
    page.goto(base + "/moderation/comments")
    assert_no_violations(page, "ar comments queue")
    set_language(page, base, "sv")
    logout(page, base)


def test_resident_supports_with_name_shown_and_takes_it_back(page, live_server):
    base = live_server
    login(page, base, "lena@demo.example")
    set_language(page, base, "sv")
    url = open_proposal(page, base, "Längre öppettider på biblioteken")
    if page.get_by_role("button", name="Ta tillbaka mitt stöd").count():  # the demo may have her support
        page.get_by_role("button", name="Ta tillbaka mitt stöd").click()
    assert_no_violations(page, "sv support form with the name choice")
    page.get_by_label("Ja, visa ett alias").check()
    page.get_by_label("Alias (om du valde det)").fill("Bokmalen i Husie")
    page.get_by_role("button", name="Stöd förslaget").click()
    supporters = page.locator("ol.supporters")
    expect(supporters.get_by_text("Bokmalen i Husie")).to_be_visible()
    assert_no_violations(page, "sv proposal with named supporters")
    set_language(page, base, "ar")
    page.goto(url)
    assert_no_violations(page, "ar proposal with named supporters")
    set_language(page, base, "sv")
    page.goto(url)
    page.get_by_role("button", name="Ta tillbaka mitt stöd").click()
    expect(page.locator("ol.supporters", has_text="Bokmalen i Husie")).to_have_count(0)
    logout(page, base)
