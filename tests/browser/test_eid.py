"""In a browser: log in with e-legitimation through a real provider's page, support a proposal,
and see the support counted as verified (the city requires e-legitimation to support)."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import serve_demo
from tests.eid.oidc import Provider, claims, pin

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]
AXE = Axe()


@pytest.fixture(scope="module")
def provider():
    p = Provider().start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def eid_server(tmp_path_factory, provider):
    profile = tmp_path_factory.mktemp("profile") / "participation.yaml"
    profile.write_text("submit_requires: email\nsupport_requires: eid\nminimum_age: 0\n"
                       "residency_required: false\nstaff_eid_login: false\n", encoding="utf-8")
    brokers = {"bankid": {"issuer": provider.url, "client_id": "dialogportal", "client_secret": "s3cret",
                          "label": "BankID"}}
    with serve_demo(tmp_path_factory, "eid_browser", EID_BROKERS=brokers, EID_PIN_KEY="browser-pin-key",
                    PARTICIPATION_PROFILE=str(profile)) as base:
        yield base


def _no_violations(page, what):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


def test_log_in_with_eid_support_and_see_it_counted_as_verified(browser, eid_server, provider):
    base = eid_server
    provider.set_user("anna", claims(pin("19880412")))
    ctx = browser.new_context(locale="en-GB")
    page = ctx.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{base}/proposals/?status=published")
        hrefs = page.eval_on_selector_all("main a[href^='/proposals/']", "els => els.map(e => e.getAttribute('href'))")
        target = next(h for h in hrefs if re.fullmatch(r"/proposals/\d+", h))
        page.goto(base + target)
        before = page.locator(".support-count").inner_text()
        verified_before = int(re.search(r"\d+", before).group())

        page.goto(f"{base}/account/login?next={target}")
        _no_violations(page, "login page with e-legitimation")
        page.get_by_role("link", name="Log in with BankID").click()
        # The provider's own page: the person authenticates there.
        page.get_by_placeholder("sub").fill("anna")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(re.compile(r".*/eid/welcome.*"))
        _no_violations(page, "e-legitimation welcome page")
        page.fill("#display_name", "Anna Andersson")
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url(base + target)

        assert "Only supports verified with e-legitimation count" in page.content()
        page.get_by_role("button", name="Support this proposal").click()
        page.wait_for_selector("text=You support this proposal.")
        count = page.locator(".support-count").inner_text()
        assert int(re.search(r"\d+", count).group()) == verified_before + 1
        assert "verified support" in count
        _no_violations(page, "proposal page with verified supports")
    finally:
        ctx.close()
    assert not [m for m in console if "Content Security Policy" in m], console
