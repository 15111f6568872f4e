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

    ctx = browser.new_context(locale="sv-SE", storage_state=_logged_in(browser, base, "moderator@demo.malmo.se"))
    moderator = ctx.new_page()
    moderator.goto(f"{base}/moderation/{proposal_id}")
    moderator.click("text=Publicera förslaget")
    ctx.close()

    page.goto(base + "/search?q=Sibbarpsvägen")
    assert page.locator("main").get_by_text("Bänkar längs Sibbarpsvägen").count() >= 1
    health = page.request.get(base + "/healthz").json()
    assert health["checks"]["search"]["backlog"] == 0, health


_SESSIONS: dict[tuple[str, str], dict] = {}


def _logged_in(browser, base, email) -> dict:
    """A staff login's cookies, made once per server: a TOTP code works only once."""
    if (base, email) not in _SESSIONS:
        ctx, _page = _login(browser, base, email)
        _SESSIONS[(base, email)] = ctx.storage_state()
        ctx.close()
    return _SESSIONS[(base, email)]


def _answered_proposal_path(base, page):
    page.goto(base + "/proposals/?status=answered")
    href = page.locator("main a[href^='/proposals/']").filter(has_text="Blommor").first.get_attribute("href")
    return href or "/proposals/1"


# What sticks out, for the failure message: the innermost elements past the right edge.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321
  && ![...e.children].some(c => c.getBoundingClientRect().right > 321)).slice(0, 3)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
PUBLIC_PAGES = ["/", "/proposals/", "/proposals/1", "/dialogues/", "/dialogues/1", "/districts/oxie",
                "/search?q=cykel", "/search/ongoing", "/account/login", "/account/register", "/glossary",
                "/accessibility", "/privacy", "/open-data", "/statistics"]
STAFF_PAGES = ["/handling/", "/handling/overview", "/moderation/", "/admin/audit", "/admin/boards",
               "/admin/people"]


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_no_page_type_scrolls_sideways_at_320_px(browser, embedded_server, lang):
    """WCAG 1.4.10 reflow: at 320 CSS pixels nothing needs horizontal scrolling."""
    base = embedded_server
    ctx = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 640})
    pg = ctx.new_page()
    pg.goto(f"{base}/language/{lang}")
    paths = PUBLIC_PAGES + [_answered_proposal_path(base, pg)]
    wide = {}
    for path in paths:
        pg.goto(base + path)
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = (width, pg.evaluate(WIDEST))
    ctx.close()
    for email, pages in (("coordinator@demo.malmo.se", ["/handling/", "/handling/overview"]),
                         ("moderator@demo.malmo.se", ["/moderation/"]),
                         ("admin@demo.malmo.se", ["/admin/audit", "/admin/boards", "/admin/people"])):
        ctx = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 640},
                                  storage_state=_logged_in(browser, base, email))
        pg = ctx.new_page()
        pg.goto(f"{base}/language/{lang}")
        for path in pages:
            pg.goto(base + path)
            width = pg.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[f"{email} {path}"] = (width, pg.evaluate(WIDEST))
        ctx.close()
    assert not wide, "\n".join(f"{k}: {v}" for k, v in wide.items())
