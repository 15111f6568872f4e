"""No server banner: neither Flask nor gunicorn names itself."""
import importlib.util
from pathlib import Path


def test_gunicorn_config_drops_the_server_header():
    spec = importlib.util.spec_from_file_location("gconf", Path(__file__).resolve().parents[2] / "gunicorn.conf.py")
    gconf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gconf)
    from gunicorn.http import wsgi

    class Req:
        version = (1, 1)
        headers = []

    response = wsgi.Response.__new__(wsgi.Response)
    response.req, response.status, response.version = Req(), "200 OK", "gunicorn"
    response.upgrade, response.chunked, response.must_close = False, False, False
    response.should_close = lambda: False
    headers = response.default_headers()
    assert any(h.startswith("HTTP/1.1 200") for h in headers)
    assert not [h for h in headers if h.lower().startswith("server:")]


def test_flask_sends_no_server_header(client):
    assert "Server" not in client.get("/").headers
