"""End to end in a browser: a safe cycle path to a school, from submission to a joint answer.

A resident writes it, a moderator publishes it (threshold 0: straight to handling), routing gives
the streets board (lead) and the schools board, each officer does their part, and the public page
shows the joint answer. Board pages are checked with axe in Swedish and Arabic.
"""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import complete_two_step, serve_demo

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]
AXE = Axe()
PASSWORD = "demo-losenord-2026"


def meeting_today() -> str:
    """The meeting was held today, in the city's time zone (a future date is refused)."""
    return datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()


@pytest.fixture(scope="module")
def handling_server(tmp_path_factory):
    """A live portal with SUPPORT_THRESHOLD=0, so publication sends proposals to handling."""
    with serve_demo(tmp_path_factory, "handling_browser", SUPPORT_THRESHOLD=0) as base:
        yield base


@pytest.fixture
def as_user(browser):
    contexts = []

    def _open(base, email=None, lang=None):
        ctx = browser.new_context(locale="sv-SE")
        contexts.append(ctx)
        pg = ctx.new_page()
        errors = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.csp_errors = errors
        if email:
            pg.goto(f"{base}/account/login")
            pg.fill("#email", email)
            pg.fill("#password", PASSWORD)
            pg.click("form.stack button[type=submit]")
            complete_two_step(pg, base, email)
            assert "/account/login" not in pg.url and "/account/two-factor" not in pg.url, email
        if lang:
            pg.goto(f"{base}/language/{lang}")
        return pg
    yield _open
    for ctx in contexts:
        ctx.close()


def _no_csp_errors(page):
    assert not [m for m in page.csp_errors if "Content Security Policy" in m], page.csp_errors


def test_safe_cycle_path_from_submission_to_joint_answer(handling_server, as_user):
    base = handling_server
    # 1. A resident writes and sends the proposal.
    resident = as_user(base, "erik@demo.example")
    resident.goto(base + "/proposals/new")
    resident.fill("#title", "Säker cykelväg till skolan")
    resident.fill("#summary", "Barnen behöver en säker cykelväg till Oxievångsskolan.")
    resident.fill("#body", "Barnen cyklar till skolan längs en farlig väg. Bygg en separat **cykelbana** "
                           "och ett övergångsställe vid skolan.")
    resident.select_option("#district_id", label="Oxie")
    resident.get_by_label("Cykel", exact=True).check()
    resident.get_by_label("Grundskola", exact=True).check()
    resident.click("button[value=preview]")
    resident.click("text=Skicka förslaget")
    proposal_url = resident.url.split("#")[0]
    proposal_id = int(proposal_url.rstrip("/").rsplit("/", 1)[1])

    # 2. A moderator publishes it; with threshold 0 it goes straight to handling.
    moderator = as_user(base, "moderator@demo.malmo.se")
    moderator.goto(f"{base}/moderation/{proposal_id}")
    moderator.click("text=Publicera förslaget")
    public = as_user(base)
    public.goto(proposal_url)
    section = public.locator("section.handling")
    assert "Tekniska nämnden" in section.inner_text() and "Grundskolenämnden" in section.inner_text()
    assert "cykelbana" in section.inner_text()  # why, in plain words

    # 3. The lead officer (streets) accepts and opens the consultation.
    tn = as_user(base, "officer.tn@demo.malmo.se")
    tn.goto(base + "/handling/?tab=new")
    tn.click("text=Säker cykelväg till skolan >> xpath=ancestor::tr//a")
    case_url = tn.url
    assert "TN-" in tn.locator("h1").inner_text()
    tn.click("section.support-box button[id^=accept-]")
    tn.fill("#consultation-questions", "Hur påverkar cykelbanan skolvägen och skolans arbete?")
    tn.fill("#consultation-deadline", "2099-06-30")
    tn.click("text=Skicka på remiss")
    assert "Inkomna yttranden: 0 av 1" in tn.content()

    # 4. The schools officer accepts, writes the statement and records its approval (§ 246).
    grn = as_user(base, "officer.grn@demo.malmo.se")
    grn.goto(case_url)
    grn.click("section.support-box button[id^=accept-]")
    grn.fill("textarea[id$=-positive]", "Tryggare skolväg för eleverna")
    grn.fill("textarea[id$=-negative]", "Kostnaden ryms inte i årets budget")
    grn.fill("textarea[id$=-consequences]", "Skolan informerar vårdnadshavare")
    grn.fill("textarea[id$=-suggestions]", "Gångfartsområde vid entrén")
    grn.click("text=Spara yttrandet")
    grn.fill("#approve-meeting_date", meeting_today())
    grn.fill("#approve-minute_ref", "§ 246")
    grn.click("text=Registrera beslutet om yttrandet")
    grn.click("text=Skicka yttrandet till den samordnande nämnden")
    _no_csp_errors(grn)

    # 5. The lead compiles the summary, comments on the criticism and decides.
    tn.goto(case_url)
    assert "Inkomna yttranden: 1 av 1" in tn.content()
    assert "Tryggare skolväg" in tn.input_value("#summary")
    tn.fill("textarea[id^=comments-]", "Vi söker medfinansiering och bygger i två etapper.")
    tn.click("text=Spara sammanställningen")
    tn.check("input[name=decision-outcome][value=partly_granted]")
    tn.fill("#decision-reasoning", "Cykelbanan byggs 2027; övergångsstället redan i år.")
    tn.fill("#decision-meeting_date", meeting_today())
    tn.fill("#decision-minute_ref", "§ 112")
    tn.click("text=Publicera beslutet")
    _no_csp_errors(tn)

    # 6. The public page shows the joint answer.
    public.goto(proposal_url)
    text = public.locator("section.handling").inner_text()
    for expected in ["Tekniska nämnden", "Grundskolenämnden", "Inkomna yttranden: 1 av 1", "§ 246",
                     "Tryggare skolväg", "Delvis bifallet", "§ 112", "Cykelbanan byggs 2027",
                     "Vi söker medfinansiering"]:
        assert expected in text, expected
    # The representative reads the case; the resident cannot.
    politician = as_user(base, "politician@demo.malmo.se")
    politician.goto(case_url)
    assert "Tryggare skolväg" in politician.content()
    resident.goto(case_url)
    assert "Åtkomst nekad" in resident.content() or "Inte tillåtet" in resident.content()


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_board_pages_have_no_axe_violations(handling_server, as_user, lang):
    base = handling_server
    officer = as_user(base, "coordinator@demo.malmo.se", lang)
    for path in ["/handling/", "/handling/?tab=overdue", "/handling/overview", "/handling/triage"]:
        officer.goto(base + path)
        res = AXE.run(officer)
        assert res.violations_count == 0, f"{lang} {path}:\n{res.generate_report()}"
    officer.goto(base + "/handling/")
    links = officer.locator("table.cases a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    cases = list(dict.fromkeys(links))[:4]
    assert cases
    for href in cases:
        officer.goto(base + href)
        res = AXE.run(officer)
        assert res.violations_count == 0, f"{lang} {href}:\n{res.generate_report()}"
    # The public pages of the answered joint demo case and the account page with the mail choice.
    public = as_user(base, "anna@demo.example", lang)
    public.goto(base + "/proposals/?status=answered")
    for href in public.locator("article.card a").evaluate_all("els => els.map(e => e.getAttribute('href'))")[:3]:
        public.goto(base + href)
        res = AXE.run(public)
        assert res.violations_count == 0, f"{lang} {href}:\n{res.generate_report()}"
    public.goto(base + "/account/")
    res = AXE.run(public)
    assert res.violations_count == 0, f"{lang} account:\n{res.generate_report()}"
