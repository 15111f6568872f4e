"""axe finds no violations on the privacy, cookie and accessibility pages and the report form, in sv and ar."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations, set_language

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_trust_pages_have_no_axe_violations(page, live_server, lang):
    set_language(page, live_server, lang)
    for path in ["/privacy", "/cookies", "/accessibility", "/moderation/report/proposal/1"]:
        page.goto(live_server + path)
        assert_no_violations(page, f"{lang} {path}")
    page.goto(live_server + "/accessibility")
    page.click("form.stack button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} accessibility report with errors")


def staff_login(page, base, email):
    from tests.browser.test_accessibility import login
    login(page, base, email, on_enrolment=lambda what: assert_no_violations(page, what))


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_admin_and_moderation_pages_have_no_axe_violations(page, live_server, lang):
    staff_login(page, live_server, "admin@demo.malmo.se")
    set_language(page, live_server, lang)
    for path in ["/admin/", "/admin/boards", "/admin/people", "/admin/settings", "/admin/rulesets",
                 "/admin/audit", "/admin/reasons", "/admin/boards/1", "/admin/people/1", "/moderation/",
                 "/moderation/1", "/account/data"]:
        page.goto(live_server + path)
        assert "two-factor" not in page.url, path
        assert_no_violations(page, f"{lang} {path}")
