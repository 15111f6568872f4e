"""Comments in the browser: a resident comments and replies, axe in Swedish and Arabic; the moderator's queue."""
import pytest

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
    assert page.get_by_role("heading", name="Kommentarer").is_visible()
    assert_no_violations(page, "sv proposal with an empty comment section")
    page.get_by_label("Din kommentar").fill("Ja! Gärna med skugga över sandlådan.")
    page.get_by_role("button", name="Skicka kommentar").click()
    assert page.get_by_text("Tack! Din kommentar är publicerad.").is_visible()
    comment = page.locator("article.comment", has_text="Gärna med skugga")
    assert comment.is_visible() and comment.get_by_role("link", name="Ändra min kommentar").is_visible()
    # a reply, opened from the disclosure with the keyboard
    page.locator("details.reply summary").first.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Ditt svar").first.fill("Och bänkar för föräldrarna.")
    page.get_by_role("button", name="Skicka svar").first.click()
    reply = page.locator(".comment-replies article.comment", has_text="bänkar för föräldrarna")
    assert reply.is_visible()
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
    assert edited.get_by_text("Ändrad").is_visible()
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
    assert reported.get_by_text("1 öppen anmälan").is_visible()
    assert_no_violations(page, "sv comments queue")
    reported.get_by_role("button", name="Dölj med detta offentliga skäl").click()
    assert page.get_by_text("Kommentaren är dold och skribenten har fått veta varför.").is_visible()
    page.goto(url)
    assert page.locator("article.comment", has_text="Dold av moderator").is_visible()
    assert page.locator("article.comment", has_text="bänkar för föräldrarna").count() == 0
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
    assert supporters.get_by_text("Bokmalen i Husie").is_visible()
    assert_no_violations(page, "sv proposal with named supporters")
    set_language(page, base, "ar")
    page.goto(url)
    assert_no_violations(page, "ar proposal with named supporters")
    set_language(page, base, "sv")
    page.goto(url)
    page.get_by_role("button", name="Ta tillbaka mitt stöd").click()
    assert page.locator("ol.supporters", has_text="Bokmalen i Husie").count() == 0
    logout(page, base)
