"""Links in e-mails use the address the portal is served at (PUBLIC_URL, or the port of `make run`)."""
import subprocess

import pytest
from flask import Flask

from portal.config import load_config
from portal.urls import external_url
from tests.conftest import REPO


def _app(monkeypatch, env, overrides=None):
    for name in ("PUBLIC_URL", "SERVER_NAME_FOR_MAIL", "FLASK_RUN_PORT", "FLASK_RUN_HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = Flask("portal")
    load_config(app, {"SECRET_KEY": "x", **(overrides or {})})
    app.add_url_rule("/account/confirm/<token>", "accounts.confirm")
    return app


def test_development_links_use_the_port_the_portal_runs_on(monkeypatch):
    app = _app(monkeypatch, {"PORTAL_ENV": "development", "FLASK_RUN_PORT": "5101"})
    with app.app_context():
        assert external_url("accounts.confirm", token="t") == "http://localhost:5101/account/confirm/t"


def test_public_url_wins_in_production(monkeypatch):
    app = _app(monkeypatch, {"PORTAL_ENV": "production", "PUBLIC_URL": "https://dialog.malmo.se/",
                             "FLASK_RUN_PORT": "5101"})
    with app.app_context():
        assert external_url("accounts.confirm", token="t") == "https://dialog.malmo.se/account/confirm/t"
    assert app.config["PUBLIC_URL"] == "https://dialog.malmo.se"


def test_production_ignores_the_development_port(monkeypatch):
    app = _app(monkeypatch, {"PORTAL_ENV": "production", "PORT": "5101",
                             "SERVER_NAME_FOR_MAIL": "https://portal.example.se"})
    with app.app_context():
        assert external_url("accounts.confirm", token="t") == "https://portal.example.se/account/confirm/t"


def test_make_run_passes_its_port_to_every_step():
    out = subprocess.run(["make", "-n", "run", "PORT=5101"], cwd=REPO, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin"}).stdout
    assert "flask run --port 5101" in out
    makefile = (REPO / "Makefile").read_text()
    assert "run: export FLASK_RUN_PORT := $(PORT)" in makefile


def test_a_confirmation_mail_links_to_the_running_port(monkeypatch, tmp_path):
    from portal import create_app
    from portal.accounts.operations import register
    from portal.extensions import db
    from portal.outbox.models import OutboxEntry
    monkeypatch.setenv("FLASK_RUN_PORT", "5101")
    for name in ("PUBLIC_URL", "SERVER_NAME_FOR_MAIL", "PORT"):
        monkeypatch.delenv(name, raising=False)
    # RATELIMIT_ENABLED=False: the limiter is one object for every app in this process.
    app = create_app({"PORTAL_ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "p.db"),
                      "RATELIMIT_ENABLED": False,
                      "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}})
    with app.app_context(), app.test_request_context():
        db.create_all()
        register("ny@example.se", "correct horse battery", "Ny", "sv")
        db.session.flush()
        body = db.session.scalars(db.select(OutboxEntry).where(OutboxEntry.kind == "email")).one().payload["body"]
        db.session.remove()
        db.engine.dispose()
    assert "http://localhost:5101/account/confirm/" in body
