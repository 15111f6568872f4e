"""The open-data page, the API documentation, the statistics and the API-token section have no axe violations (sv, ar)."""
import pytest

from tests.browser.test_accessibility import assert_no_violations, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_open_data_and_api_docs_have_no_axe_violations(page, live_server, lang):
    set_language(page, live_server, lang)
    for path in ["/open-data", "/api/v1/docs", "/statistics"]:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_no_violations(page, f"{lang} {path}")


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_resident_creates_and_revokes_a_token(page, live_server, lang):
    login(page, live_server, "anna@demo.example")
    set_language(page, live_server, lang)
    page.goto(live_server + "/account/")
    assert_no_violations(page, f"{lang} account with token form")
    page.fill("#name", f"Min app {lang}")
    page.locator("input[name=scopes]").first.check()
    page.click("#api-tokens-title ~ form button[type=submit]")
    secret = page.input_value("#token-secret")
    assert secret.startswith("dp_")
    assert_no_violations(page, f"{lang} token shown once")
    page.goto(live_server + "/account/")
    assert secret not in page.content()
    page.locator("#api-tokens-title ~ table button").last.click()
    # is_visible() does not wait: the page after the redirect may not be there yet.
    page.wait_for_selector(".flash-success", state="visible")


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_coordinators_statistics_have_no_axe_violations(page, live_server, lang):
    login(page, live_server, "coordinator@demo.malmo.se")
    set_language(page, live_server, lang)
    page.goto(live_server + "/statistics/coordination")
    page.locator("details summary").first.click()
    assert_no_violations(page, f"{lang} statistics for coordinators")
