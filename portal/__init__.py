"""dialogportal: the Flask application factory."""
from __future__ import annotations

from flask import Flask

from .config import load_config


def create_app(overrides: dict | None = None) -> Flask:
    """Build the portal. Nothing is created at import time; everything hangs off the app."""
    app = Flask(__name__, instance_relative_config=False)
    load_config(app, overrides)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = int(app.config["TRUSTED_PROXIES"])
        # Only the headers our own proxies set: a client cannot choose its address by sending one.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    from . import models  # noqa: F401  (register every table with the metadata)
    from .db import configure_sqlite
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .i18n import register_template_helpers, select_locale

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR") or _migrations_dir()))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(token):
        from .accounts.sessions import load_session_user
        return load_session_user(token)

    from .accounts.views import bp as accounts_bp
    from .api.views import bp as api_bp
    from .core.views import bp as core_bp
    from .dialogues.views import bp as dialogues_bp
    from .moderation.views import bp as moderation_bp
    from .proposals.views import bp as proposals_bp
    from .handling.views import bp as handling_bp
    from .admin.views import bp as admin_bp
    from .privacy.views import bp as privacy_bp
    from .search.views import bp as search_bp
    from .guidance.views import bp as guidance_bp
    from .opendata.views import bp as opendata_bp
    from .eid.views import bp as eid_bp
    from .eid.brokers import init_app as init_eid
    from .comments.views import bp as comments_bp
    from .attachments.views import bp as attachments_bp

    for bp in (core_bp, accounts_bp, proposals_bp, moderation_bp, handling_bp, admin_bp, privacy_bp,
               search_bp, api_bp, dialogues_bp, guidance_bp, opendata_bp, eid_bp, comments_bp,
               attachments_bp):
        app.register_blueprint(bp)
    init_eid(app)

    from .cli import register_cli
    from .errors import register_error_handlers
    from .security import register_security

    from .cache import PageCache, SharedContent

    register_template_helpers(app)
    register_security(app)
    PageCache(app)
    SharedContent(app)
    register_error_handlers(app)
    register_cli(app)
    from .search.inline import register_inline_sync
    register_inline_sync(app)
    from .profile.identity import register_identity
    register_identity(app)
    return app


def _migrations_dir():
    from .config import REPO_ROOT
    return REPO_ROOT / "migrations"
