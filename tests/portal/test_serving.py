"""Pre-forked serving: the master imports and warms the portal once; workers drop its connections.

Before, each gunicorn worker imported the portal itself and was recycled every 5,000 requests;
every recycle stalled its share of requests for about a second (load benchmark p99 1.9 s).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app

REPO = Path(__file__).resolve().parents[2]


def _gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gconf_serving", REPO / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_preloads_and_recycles_rarely():
    conf = _gunicorn_conf()
    assert conf.preload_app is True
    assert conf.max_requests >= 10_000 and conf.max_requests_jitter > 0


def test_gunicorn_does_not_trust_forwarded_headers_from_everywhere():
    """Client addresses come from TRUSTED_PROXIES hops of X-Forwarded-For (ProxyFix), never from
    whatever any peer sends (issue 15)."""
    conf = _gunicorn_conf()
    assert getattr(conf, "forwarded_allow_ips", "127.0.0.1") != "*"
    app = make_app("sqlite://", TRUSTED_PROXIES=1)
    assert type(app.wsgi_app).__name__ == "ProxyFix" and app.wsgi_app.x_for == 1
    assert type(make_app("sqlite://").wsgi_app).__name__ != "ProxyFix"


def test_master_compiles_every_template_before_forking():
    app = make_app("sqlite://")
    assert len(app.jinja_env.cache) == 0
    conf = _gunicorn_conf()
    conf.when_ready(SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app)))
    cached = {key[1] for key in app.jinja_env.cache.keys()}
    assert {"base.html", "proposals/index.html", "proposals/show.html", "core/home.html"} <= cached
    assert len(cached) >= 50


def test_forked_worker_forgets_the_masters_connections(tmp_path):
    app = make_app("sqlite:///" + str(tmp_path / "fork.db"))
    from portal.extensions import db
    from sqlalchemy import text
    with app.app_context():
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        assert db.engine.pool.checkedin() == 1
    _gunicorn_conf().post_fork(SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app)), None)
    with app.app_context():
        assert db.engine.pool.checkedin() == 0


def test_hooks_leave_other_apps_alone():
    from flask import Flask
    bare = Flask("bare")
    conf = _gunicorn_conf()
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: bare))
    conf.when_ready(server)
    conf.post_fork(server, None)
    assert len(bare.jinja_env.cache) == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.no_db_rollback
def test_recycled_preforked_workers_keep_serving(tmp_path_factory):
    """Real gunicorn with the real config, workers recycled every 15 requests, on this run's database."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if not gunicorn:
        pytest.fail("gunicorn is a dependency of the portal and must be installed")
    url = database_url(tmp_path_factory, "serving")
    schema_app = make_app(url)
    build_schema(schema_app)
    from portal.extensions import db
    with schema_app.app_context():
        db.engine.dispose()
    port = _free_port()
    log = tmp_path_factory.mktemp("serving-log") / "gunicorn.log"
    env = {**os.environ, "PORTAL_ENV": "production", "SECRET_KEY": "serving-test", "DATABASE_URL": url,
           "RATELIMIT_ENABLED": "0", "PAGE_CACHE_SECONDS": "0"}
    errlog = log.open("wb")
    proc = subprocess.Popen([gunicorn, "-c", str(REPO / "gunicorn.conf.py"), "-w", "2", "-b", f"127.0.0.1:{port}",
                             "--max-requests", "15", "--max-requests-jitter", "0", "--log-level", "warning",
                             "portal:create_app()"], cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=errlog)
    try:
        statuses = []
        deadline = time.monotonic() + 30
        while not statuses and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                statuses.append(200)
            except OSError:
                time.sleep(0.2)
        assert statuses, "gunicorn did not start: " + log.read_text(errors="replace")[-2000:]
        for n in range(80):  # about five recycles per worker
            path = ("/", "/proposals/", "/healthz", "/search?q=park")[n % 4]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                statuses.append(response.status)
        assert statuses == [200] * 81
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        errlog.close()
        drop_schema(url)
