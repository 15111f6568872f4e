"""Every HTML page of the demo site validates without errors in the Nu HTML Checker (vnu)."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.no_db_rollback, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
JAR = Path(os.environ.get("VNU_JAR", REPO / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))


def _vnu_missing() -> str | None:
    if not shutil.which("java"):
        return "java is not installed"
    if not JAR.exists():
        return f"vnu.jar not found at {JAR} (npm install --prefix .cache/vnu vnu-jar, or set VNU_JAR)"
    return None


def crawl(client, paths, limit=400):
    """Visit the given pages and every local link they lead to, once."""
    seen, queue, pages = set(), list(paths), {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        with client.get(path) as r:
            if r.status_code != 200 or not r.content_type.startswith("text/html"):
                continue
            pages[path] = r.text
        for href in re.findall(r'href="(/[^"#]*)"', r.text):
            href = href.replace("&amp;", "&")
            if href.startswith(("/static/", "/language/", "/dev/", "/api/")) or href.endswith(".ics") \
                    or "export" in href or href in seen:
                continue
            queue.append(href)
    return pages


def test_demo_site_pages_validate(tmp_path, tmp_path_factory):
    reason = _vnu_missing()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from tests.conftest import build_schema, database_url, drop_schema, make_app
    url = database_url(tmp_path_factory, "vnu")
    app = make_app(url)
    build_schema(app)
    from portal.demo.seed import seed_demo
    from portal.extensions import db
    import pyotp

    from portal.accounts.models import User
    from tests.totp import fresh_code
    secrets = {}
    with app.app_context():
        seed_demo()
        for user in db.session.scalars(db.select(User).where(User.email.like("%@demo.malmo.se"))):
            user.totp_secret = secrets[user.email] = pyotp.random_base32()
        db.session.commit()
    try:
        files = []
        visitors = (("sv", None), ("ar", "moderator@demo.malmo.se"), ("en", "anna@demo.example"),
                    ("sv", "officer.tn@demo.malmo.se"), ("ar", "admin@demo.malmo.se"), ("en", "coordinator@demo.malmo.se"))
        for lang, who in visitors:
            client = app.test_client()
            client.get(f"/language/{lang}")
            if who:
                client.post("/account/login", data={"email": who, "password": "demo-losenord-2026"})
                if who in secrets:
                    client.post("/account/two-factor", data={"code": fresh_code(secrets[who])})
            pages = crawl(client, ["/", "/proposals/", "/account/register", "/account/login", "/account/forgot",
                                   "/proposals/new", "/account/", "/moderation/", "/nonexistent-page", "/dialogues/",
                                   "/search?q=lekplats", "/handling/", "/admin/", "/dialogues/coordination",
                                   "/glossary", "/guide", "/participation/consultation", "/dialogues/new",
                                   "/admin/glossary", "/admin/guide/feedback",
                                   "/open-data", "/api/v1/docs", "/statistics", "/statistics/coordination"])
            # A form with errors, as residents see it.
            pages["/account/register (errors)"] = client.post("/account/register", data={"email": "x"}).text
            for i, (path, html) in enumerate(pages.items()):
                f = tmp_path / f"{lang}-{i}.html"
                f.write_text(html, encoding="utf-8")
                files.append((f, f"{lang} {path}"))
        assert len(files) > 40
        out = subprocess.run(["java", "-jar", str(JAR), "--errors-only", "--format", "json", *[str(f) for f, _ in files]],
                             capture_output=True, text=True, timeout=600)
        messages = json.loads(out.stderr or out.stdout or '{"messages": []}')["messages"]
        names = {f"file:{f}": name for f, name in files}
        errors = [f"{names.get(m.get('url'), m.get('url'))}: {m['message']} ({m.get('extract', '')[:80]!r})"
                  for m in messages if m.get("type") == "error"]
        assert errors == [], "\n".join(errors[:30])
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_schema(url)
