"""Bad input and safety: XSS, CSRF, cookies, secrets, headers."""
import pytest

from portal.config import ConfigError
from portal.markdown import render_markdown
from tests.html_safety import assert_harmless

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example></iframe>",
    "\"><script>alert(1)</script>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='vbscript:msgbox(1)'>x</a>",
    "![x](x \" onerror=\"alert(1))",
]
@pytest.mark.parametrize("payload", XSS)
def test_markdown_renders_payloads_harmless(payload):
    assert_harmless(render_markdown(payload))


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown("# Rubrik\n\n**fet** och [länk](https://malmo.se)")
    assert "<strong>fet</strong>" in html and 'href="https://malmo.se"' in html and "<h3>" in html
    assert 'rel="nofollow noopener ugc"' in html


@pytest.mark.parametrize("payload", XSS)
def test_payloads_in_title_name_and_body_never_reach_the_page(client, make_user, make_proposal, payload):
    author = make_user(name=payload[:60])
    p = make_proposal(author=author, title=payload[:120], body=payload, summary=payload[:300])
    for path in (f"/proposals/{p.id}", "/proposals/", "/", f"/proposals/similar?title={p.title}"):
        assert_harmless(client.get(path).text)


def test_missing_csrf_token_gives_a_friendly_page(app, client, make_user, db):
    from portal.proposals.models import Proposal
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        u = make_user()
        r = client.post("/account/login", data={"email": u.email, "password": "x"})
        assert r.status_code == 400
        assert "Traceback" not in r.text and "<h1>" in r.text
        r = client.post("/proposals/new", data={"title": "x"})
        assert r.status_code in (302, 400)
        assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_session_cookie_flags(client, make_user):
    u = make_user()
    r = client.post("/account/login", data={"email": u.email, "password": "correct horse battery"})
    cookie = r.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookies_and_secret_required_in_production(monkeypatch):
    from portal import create_app
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError) as err:
        create_app({"PORTAL_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "SECRET_KEY" in str(err.value)
    app = create_app({"PORTAL_ENV": "production", "SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_security_headers_and_no_inline_script(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "nonce-" in csp and "frame-ancestors 'none'" in csp
    assert "Server" not in r.headers
    html = r.text
    assert " style=" not in html and " onclick=" not in html
    import re
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag and "nonce=" in tag


def test_static_files_have_long_cache_headers(client):
    html = client.get("/").text
    import re
    css = re.search(r'href="(/static/css/site.css\?v=\w+)"', html).group(1)
    with client.get(css) as r:
        assert r.status_code == 200 and "max-age=31536000" in r.headers["Cache-Control"]


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json["checks"]["database"] == "ok"


@pytest.mark.no_db_rollback
def test_healthz_503_when_database_is_down():
    from portal import create_app
    # Nothing listens on port 1: the database is unreachable.
    app = create_app({"PORTAL_ENV": "testing",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x@127.0.0.1:1/none?connect_timeout=2"})
    r = app.test_client().get("/healthz")
    assert r.status_code == 503 and r.json["status"] == "unavailable"
