"""axe finds no violations on the resident pages, in Swedish and Arabic; keyboard basics work."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]
AXE = Axe()


def set_language(page, base, lang):
    page.goto(f"{base}/language/{lang}")


def assert_no_violations(page, what):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


def login(page, base, email, password="demo-losenord-2026", on_enrolment=None):
    """Log in; staff also pass the two-step login (enrolling the first time)."""
    from tests.browser.conftest import complete_two_step
    page.goto(f"{base}/account/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.stack button[type=submit]")
    complete_two_step(page, base, email, on_enrolment=on_enrolment)


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_public_pages_have_no_axe_violations(page, live_server, lang):
    set_language(page, live_server, lang)
    for path in ["/", "/proposals/", "/proposals/?district=oxie&sort=support", "/proposals/1",
                 "/account/register", "/account/login"]:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_no_violations(page, f"{lang} {path}")


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_forms_with_errors_have_no_axe_violations(page, live_server, lang):
    set_language(page, live_server, lang)
    page.goto(live_server + "/account/register")
    page.click("form.stack button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} register with errors")
    login(page, live_server, "anna@demo.example")
    set_language(page, live_server, lang)
    page.goto(live_server + "/proposals/new")
    page.fill("#title", "x" * 130)
    page.click("button[value=preview]")
    expect(page.locator("#error-summary")).to_be_visible()
    # The error summary gets focus and links to the fields.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_no_violations(page, f"{lang} proposal form with errors")


def test_resident_writes_previews_and_sends_a_proposal(page, live_server):
    login(page, live_server, "erik@demo.example")
    page.goto(live_server + "/proposals/new")
    page.fill("#title", "Fler lekplatser vid Hyllie")
    page.fill("#summary", "Barnfamiljerna i Hyllie saknar lekplatser.")
    page.fill("#body", "Bygg en **lekplats** vid torget.")
    page.locator("input[name=topic_ids]").first.check()
    page.click("button[value=preview]")
    assert "/preview" in page.url
    assert page.locator(".prose strong").inner_text() == "lekplats"
    page.click("text=Skicka förslaget")
    assert "moderering" in page.content()


def test_skip_link_is_first_and_moves_focus(page, live_server):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
