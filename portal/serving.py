"""What a pre-forking server (gunicorn with preload_app) does around fork.

The master imports the portal once and warms what every worker would otherwise build on its
first requests; each forked worker then drops the database connections it inherited.
"""
from __future__ import annotations

from flask import Flask


def warm_up(app: Flask) -> int:
    """Compile every template and load each language's catalogue; returns the templates compiled."""
    from flask_babel import force_locale, gettext

    compiled = 0
    for name in app.jinja_env.list_templates():
        if name.endswith((".html", ".txt", ".xml", ".svg")):
            app.jinja_env.get_template(name)
            compiled += 1
    with app.test_request_context("/"):
        for locale in app.config.get("LANGUAGES", ("sv", "en", "ar")):
            with force_locale(locale):
                gettext("Search")
    return compiled


def dispose_connections(app: Flask) -> None:
    """Forget (without closing) pooled connections inherited from the master: they belong to it."""
    from .extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
