"""dialogportal: the Flask application factory."""
from __future__ import annotations

from flask import Flask

from .config import load_config


def create_app(overrides: dict | None = None) -> Flask:
    """Build the portal. Nothing is created at import time; everything hangs off the app."""
    app = Flask(__name__, instance_relative_config=False)
    load_config(app, overrides)

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
    def load_user(user_id):
        from sqlalchemy.orm import joinedload
        from .accounts.models import User
        # Every request asks whether the account is staff: its roles come in the same query.
        return db.session.get(User, int(user_id), options=[joinedload(User.role_rows)])

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

    for bp in (core_bp, accounts_bp, proposals_bp, moderation_bp, handling_bp, admin_bp, privacy_bp,
               search_bp, api_bp, dialogues_bp, guidance_bp, opendata_bp):
        app.register_blueprint(bp)

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
    return app


def _migrations_dir():
    from .config import REPO_ROOT
    return REPO_ROOT / "migrations"
