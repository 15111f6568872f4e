"""Configuration: defaults in one class, environment variables override."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration cannot work."""


class Config:
    """Defaults for the embedded setup; production overrides through the environment."""

    PORTAL_ENV = "production"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = "sqlite:///" + str(REPO_ROOT / "instance" / "portal.db")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    BABEL_TRANSLATION_DIRECTORIES = str(REPO_ROOT / "translations")
    LANGUAGES = ("sv", "en", "ar")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Profile: the rule-set file that carries boards, districts and topics (None = shipped Malmö).
    PROFILE_RULESET: str | None = None
    SUPPORT_THRESHOLD = 100
    SUPPORT_DURATIONS = (3, 6, 9, 12)
    CONFIRM_TOKEN_MAX_AGE = 48 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600
    PAGE_SIZE = 20
    # Handling: a board accepts within N working days; the whole case within 12 months (KL 5:35).
    ACCEPT_WITHIN_WORKING_DAYS = 5
    CONSULTATION_WORKING_DAYS = 20
    DEADLINE_WARNING_WORKING_DAYS = 2
    CASE_DUE_MONTHS = 12
    # Mail: "outbox" keeps mails on the local development page; "smtp" sends them.
    MAIL_BACKEND = "outbox"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_FROM = "dialogportal@malmo.se"
    MAIL_TIMEOUT = 10
    SHOW_DEV_MAILBOX = False
    RATELIMIT_ENABLED = True
    # memory:// counts per process: right for one process (`make run`), too loose behind several
    # gunicorn workers or hosts, which share counts through Redis (docker-compose.yml does this).
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # If the shared store is down, limits fall back to each process's memory instead of failing
    # the request: login and support keep working, still limited.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    SERVER_NAME_FOR_MAIL = "http://localhost:5000"
    # Anonymous readers of these pages share a rendering for a few seconds (0 turns it off).
    PAGE_CACHE_SECONDS = 3
    PAGE_CACHE_ENDPOINTS = frozenset({"core.home", "proposals.index", "proposals.show", "dialogues.index",
                                      "dialogues.show", "dialogues.district", "search.index", "search.ongoing",
                                      # the API's public reads: the same answer for every client
                                      "api.proposals", "api.proposal", "api.decisions", "api.dialogues",
                                      "api.dialogue", "api.boards", "api.districts", "api.topics",
                                      "api.search"})
    # A public list's length and page anchors are shared per process for this long (None: as long
    # as the page cache keeps a page; 0: counted on every request).
    LIST_OUTLINE_SECONDS: int | None = None
    # Public API reads may be kept this long by clients and proxies (Cache-Control), then revalidated by ETag.
    API_CACHE_SECONDS = 10
    # Pages whose title, head and content are the same for every reader: logged-in readers share
    # those blocks (as long as the page cache keeps a page) inside a layout rendered for them.
    SHARED_CONTENT_ENDPOINTS = frozenset({"core.home", "proposals.index", "search.index"})
    # Staff security: sessions end sooner, and actions need a login younger than this.
    STAFF_SESSION_SECONDS = 8 * 3600
    STAFF_REAUTH_SECONDS = 30 * 60
    # Accessibility problems reported through the form go here (DOS-lagen).
    ACCESSIBILITY_EMAIL = "tillganglighet@malmo.se"
    DATA_EXPORT_DAYS = 7
    # Search: "database" (embedded default) or "meilisearch" (the default when MEILI_URL is set).
    SEARCH_BACKEND: str | None = None
    MEILI_URL: str | None = None
    MEILI_API_KEY: str | None = None  # the admin key stays on the server, never in a page
    MEILI_TIMEOUT = 5
    MEILI_INDEX = "dialogportal"

    # Names that may be set from the environment, and how to convert them.
    ENV_VARS = {
        "PORTAL_ENV": str,
        "SECRET_KEY": str,
        "DATABASE_URL": str,
        "PROFILE_RULESET": str,
        "SUPPORT_THRESHOLD": int,
        "MAIL_BACKEND": str,
        "MAIL_SERVER": str,
        "MAIL_PORT": int,
        "MAIL_USERNAME": str,
        "MAIL_PASSWORD": str,
        "MAIL_USE_TLS": lambda v: v.lower() in ("1", "true", "yes"),
        "MAIL_FROM": str,
        "RATELIMIT_STORAGE_URI": str,
        "RATELIMIT_ENABLED": lambda v: v.lower() in ("1", "true", "yes"),
        "PAGE_CACHE_SECONDS": int,
        "LIST_OUTLINE_SECONDS": int,
        "SERVER_NAME_FOR_MAIL": str,
        "ACCESSIBILITY_EMAIL": str,
        "SEARCH_BACKEND": str,
        "MEILI_URL": str,
        "MEILI_API_KEY": str,
        "MEILI_TIMEOUT": float,
        "MEILI_INDEX": str,
    }


def load_config(app, overrides: dict | None = None) -> None:
    """Fill app.config from Config, the environment and explicit overrides, then check it."""
    app.config.from_object(Config)
    for name, conv in Config.ENV_VARS.items():
        if name in os.environ:
            key = "SQLALCHEMY_DATABASE_URI" if name == "DATABASE_URL" else name
            app.config[key] = conv(os.environ[name])
    if overrides:
        app.config.update(overrides)
    env = app.config["PORTAL_ENV"]
    if env not in ("development", "testing", "production"):
        raise ConfigError(f"PORTAL_ENV must be development, testing or production, not {env!r}")
    if env in ("development", "testing"):
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["REMEMBER_COOKIE_SECURE"] = False
        app.config["SHOW_DEV_MAILBOX"] = app.config["MAIL_BACKEND"] == "outbox"
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = "development-only-" + env
    elif not app.config.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (python -c 'import secrets; print(secrets.token_hex(32))'), or set "
            "PORTAL_ENV=development to run locally."
        )
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri[len("postgres://"):]
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri[len("postgresql://"):]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite:///"):
        Path(uri[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
