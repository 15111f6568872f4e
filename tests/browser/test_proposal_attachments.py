"""Attachments in the browser: a resident attaches a picture (alt text required) and a link to a draft,
sends it, and the moderator sees the picture; axe in Swedish and Arabic."""
import io

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def _png() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 120, 60)).save(buf, "PNG")
    return buf.getvalue()


def logout(page, base):
    page.goto(base + "/")
    page.locator("form[action$='/account/logout'] button").click()


def test_resident_attaches_a_picture_with_alt_text_and_a_link(page, live_server):
    base = live_server
    login(page, base, "fatima@demo.example")
    set_language(page, base, "sv")
    page.goto(base + "/proposals/new")
    page.fill("#title", "Skugga över lekplatsen i Fosie")
    page.fill("#summary", "Lekplatsen blir för varm på sommaren.")
    page.fill("#body", "Plantera träd eller sätt upp solsegel.")
    page.locator("input[name=topic_ids]").first.check()
    page.click("button[value=preview]")
    page.get_by_role("link", name="Dokument, bilder och länkar").click()
    assert_no_violations(page, "sv attachments page")
    picture = {"name": "lekplats.png", "mimeType": "image/png", "buffer": _png()}
    page.set_input_files("#f-file", picture)
    page.get_by_role("button", name="Bifoga filen").click()
    expect(page.locator("#error-summary")).to_be_visible()  # a picture needs its description
    assert_no_violations(page, "sv attachments page with an error")
    page.set_input_files("#f-file", picture)
    page.get_by_label("Beskriv bilden (krävs för bilder)").fill("Lekplatsen i full sol, utan träd")
    page.get_by_role("button", name="Bifoga filen").click()
    expect(page.get_by_text("Filen är bifogad.")).to_be_visible()
    expect(page.locator('img[alt="Lekplatsen i full sol, utan träd"]')).to_be_visible()
    page.get_by_label("Webbadress").fill("https://malmo.se/lekplatser")
    page.get_by_label("Vad länken är (valfritt)").fill("Stadens lekplatsprogram")
    page.get_by_role("button", name="Lägg till länken").click()
    expect(page.get_by_role("link", name="Stadens lekplatsprogram")).to_be_visible()
    manage = page.url
    set_language(page, base, "ar")
    page.goto(manage)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_violations(page, "ar attachments page")
    set_language(page, base, "sv")
    page.goto(manage)
    page.get_by_role("link", name="Tillbaka till förhandsgranskningen").click()
    figure = page.locator("figure.proposal-picture img")
    assert figure.get_attribute("alt") == "Lekplatsen i full sol, utan träd"
    assert (figure.get_attribute("width"), figure.get_attribute("height")) == ("120", "80")
    assert_no_violations(page, "sv preview with a picture")
    page.click("text=Skicka förslaget")
    logout(page, base)
    login(page, base, "moderator@demo.malmo.se")
    set_language(page, base, "sv")
    page.goto(base + "/moderation/")
    page.get_by_role("link", name="Skugga över lekplatsen i Fosie").click()
    expect(page.locator('img[alt="Lekplatsen i full sol, utan träd"]')).to_be_visible()
    assert_no_violations(page, "sv moderation review with a picture")
    logout(page, base)
