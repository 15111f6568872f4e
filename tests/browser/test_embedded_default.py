"""The embedded default end to end in a browser: what a request publishes is searchable at once."""
import pytest

from tests.browser.conftest import complete_two_step, serve_demo

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]
PASSWORD = "demo-losenord-2026"


@pytest.fixture(scope="module")
def embedded_server(tmp_path_factory):
    """As `make run` serves it: the database search backend and no search worker."""
    with serve_demo(tmp_path_factory, "embedded_browser", SEARCH_BACKEND="database", SEARCH_SYNC=None,
                    PORTAL_ENV="development") as base:
        yield base


def _login(browser, base, email):
    ctx = browser.new_context(locale="sv-SE")
    pg = ctx.new_page()
    pg.goto(f"{base}/account/login")
    pg.fill("#email", email)
    pg.fill("#password", PASSWORD)
    pg.click("form.stack button[type=submit]")
    complete_two_step(pg, base, email)
    return ctx, pg


def test_a_published_proposal_is_found_by_a_word_of_its_title(browser, page, embedded_server):
    base = embedded_server
    ctx, resident = _login(browser, base, "erik@demo.example")
    resident.goto(base + "/proposals/new")
    resident.fill("#title", "Bänkar längs Sibbarpsvägen")
    resident.fill("#summary", "Fler bänkar att vila på.")
    resident.fill("#body", "Äldre behöver kunna vila på vägen till stranden.")
    resident.select_option("#district_id", label="Limhamn-Bunkeflo")
    resident.get_by_label("Parker och grönområden", exact=True).check()
    resident.click("button[value=preview]")
    resident.click("text=Skicka förslaget")
    proposal_id = int(resident.url.split("#")[0].rstrip("/").rsplit("/", 1)[1])
    ctx.close()

    ctx, moderator = _login(browser, base, "moderator@demo.malmo.se")
    moderator.goto(f"{base}/moderation/{proposal_id}")
    moderator.click("text=Publicera förslaget")
    ctx.close()

    page.goto(base + "/search?q=Sibbarpsvägen")
    assert page.locator("main").get_by_text("Bänkar längs Sibbarpsvägen").count() >= 1
    health = page.request.get(base + "/healthz").json()
    assert health["checks"]["search"]["backlog"] == 0, health
