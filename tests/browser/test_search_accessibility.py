"""The search page and the overview have no axe violations in Swedish and Arabic; typing searches."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe


pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]
AXE = Axe()


@pytest.fixture(scope="module")
def indexed_server(tmp_path_factory):
    """The portal with the demo content, indexed by the worker, served on a free loopback port."""
    import threading

    from werkzeug.serving import make_server

    from portal.demo.seed import seed_demo
    from portal.extensions import db
    from portal.search.sync import run_until_empty
    from tests.conftest import build_schema, database_url, drop_schema, make_app

    url = database_url(tmp_path_factory, "searchbrowser")
    app = make_app(url, SEARCH_BACKEND="database", SERVER_NAME_FOR_MAIL="http://127.0.0.1")
    build_schema(app)
    with app.app_context():
        seed_demo()
        db.session.commit()
        run_until_empty()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_schema(url)


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_search_pages_have_no_axe_violations(page, indexed_server, lang):
    page.goto(f"{indexed_server}/language/{lang}")
    for path in ["/search", "/search?q=lek&sort=newest", "/search?district=oxie&status=published",
                 "/search?page=abc", "/search/ongoing"]:
        page.goto(indexed_server + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        results = AXE.run(page)
        assert results.violations_count == 0, f"{lang} {path}:\n{results.generate_report()}"


def test_search_as_you_type_updates_results_and_address(page, indexed_server):
    page.goto(indexed_server + "/search")
    page.fill("#q", "zzzzqqq")
    page.wait_for_url(re.compile("q=zzzzqqq"))
    assert page.locator("#search-count").inner_text().startswith("0 ")
