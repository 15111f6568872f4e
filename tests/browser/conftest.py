"""A live portal in a thread and headless Debian Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server
from playwright.sync_api import expect

from tests.conftest import build_schema, database_url, drop_schema, make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _browser_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return "Chromium is not installed (apt-get install -y chromium, or `make browser-deps`)"
    try:
        import playwright  # noqa: F401
        import axe_playwright_python  # noqa: F401
    except ImportError as exc:
        return f"Playwright or axe-playwright-python is missing: {exc}"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@contextmanager
def serve_demo(tmp_path_factory, name: str, **config):
    """The portal with the demo content on a fresh database, served on a free loopback port."""
    url = database_url(tmp_path_factory, name)
    app = make_app(url, WTF_CSRF_ENABLED=True, SERVER_NAME_FOR_MAIL="http://127.0.0.1", **config)
    build_schema(app)
    from portal.demo.seed import seed_demo
    from portal.extensions import db
    with app.app_context():
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_schema(url)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    with serve_demo(tmp_path_factory, "browser") as base:
        yield base


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="sv-SE")
    pg = context.new_page()
    messages = []
    pg.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
    # A CSP violation or script error shows up in the console; none is allowed.
    assert not [m for m in messages if "Content Security Policy" in m], messages


_TOTP_SECRETS: dict[tuple[str, str], str] = {}


def complete_two_step(page, base: str, email: str, on_enrolment=None) -> None:
    """After the password step: enrol in two-step login the first time, else enter the current code."""
    from tests.totp import fresh_code
    if "/account/two-factor" not in page.url and not page.locator("#code").count():
        return
    if page.locator("#totp-secret").count():
        if on_enrolment:
            on_enrolment("two-step enrolment")
        _TOTP_SECRETS[(base, email)] = page.locator("#totp-secret").inner_text().strip()
        page.fill("#code", fresh_code(_TOTP_SECRETS[(base, email)]))
        page.click("form.stack button[type=submit]")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        if on_enrolment:
            on_enrolment("recovery codes")
        page.click("text=" + ("Fortsätt" if "Fortsätt" in page.content() else "Continue"))
    else:
        page.fill("#code", fresh_code(_TOTP_SECRETS[(base, email)]))
        page.click("form.stack button[type=submit]")
