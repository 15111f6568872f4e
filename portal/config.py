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
    # Who may submit and support (None = the shipped Malmö file portal/profile/participation.yaml).
    PARTICIPATION_PROFILE: str | None = None
    # E-legitimation through OpenID Connect brokers (Swedish OIDC profile); none = switched off.
    # {key: {"issuer": URL, "client_id": ..., "client_secret": ..., "label": "BankID"}}
    EID_BROKERS: dict = {}
    # The HMAC key for personal identity numbers. It lives outside the database (environment or a
    # secrets store): with it, a copy of the database alone cannot be turned back into numbers.
    EID_PIN_KEY: str | None = None
    # Levels of assurance accepted (acr), from the Swedish eID framework; the first is requested.
    EID_ACR_VALUES = ("http://id.elegnamnden.se/loa/1.0/loa3", "http://id.elegnamnden.se/loa/1.0/loa4")
    EID_HTTP_TIMEOUT = 10
    # The portal's public address for the redirect URL registered with the brokers (e.g.
    # https://dialog.malmo.se); None builds it from the request (Host and X-Forwarded-Proto).
    EID_REDIRECT_BASE: str | None = None
    # Residency: None (no checker), "claim" (the broker sends RESIDENCY_CLAIM; resident when it equals
    # RESIDENCY_MUNICIPALITY or is true) or "register" (POST to RESIDENCY_REGISTER_URL, see portal/eid).
    RESIDENCY_CHECKER: str | None = None
    RESIDENCY_CLAIM: str | None = None
    RESIDENCY_MUNICIPALITY = "1280"  # Malmö's municipality code
    RESIDENCY_REGISTER_URL: str | None = None
    RESIDENCY_REGISTER_TOKEN: str | None = None
    # The city's name, colours and logo (None = Malmö's, portal/profile/cities/malmo.yaml).
    PROFILE_IDENTITY: str | None = None
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
    # The address the portal is served at, for links in e-mails: PUBLIC_URL (or its older name
    # SERVER_NAME_FOR_MAIL); in development without it, http://localhost:<the port `flask run` uses>.
    PUBLIC_URL: str | None = None
    SERVER_NAME_FOR_MAIL = "http://localhost:5000"
    # How many reverse proxies stand in front of the portal and set X-Forwarded-For/-Proto. The client
    # address (rate limits, logs) is taken that many hops from the right; 0 trusts no such header.
    TRUSTED_PROXIES = 0
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
    # Every login (and its "remember me" cookie) ends after this, however active: residents included.
    SESSION_MAX_SECONDS = 30 * 24 * 3600
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    # Failed logins per e-mail address: this many are free, then each doubles the wait, up to the
    # maximum (accounts/lockout.py). Per client address: 5 a minute and 20 an hour (accounts/views.py).
    LOGIN_FREE_FAILURES = 5
    LOGIN_MAX_DELAY_SECONDS = 60
    # A browser that logged in to an account (or reset its password) carries a signed device cookie for
    # it this long: it skips that account's delay, with its own LOGIN_FREE_FAILURES failures.
    LOGIN_DEVICE_DAYS = 180
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
    # "inline": each request indexes its own changes after its commit (embedded default: database
    # backend in development); "worker": `flask search sync --follow` does it (production).
    SEARCH_SYNC: str | None = None

    # Attachments: "local" keeps files under ATTACHMENT_DIR (default instance/attachments);
    # "s3" uses S3-compatible object storage (credentials from the usual AWS_* variables).
    ATTACHMENT_STORAGE = "local"
    ATTACHMENT_DIR: str | None = None
    S3_BUCKET: str | None = None
    S3_ENDPOINT_URL: str | None = None
    S3_REGION: str | None = None

    # Names that may be set from the environment, and how to convert them.
    ENV_VARS = {
        "PORTAL_ENV": str,
        "SECRET_KEY": str,
        "DATABASE_URL": str,
        "PROFILE_RULESET": str,
        "PARTICIPATION_PROFILE": str,
        "EID_PIN_KEY": str,
        "EID_REDIRECT_BASE": str,
        "EID_ACR_VALUES": lambda v: tuple(v.split()),
        "RESIDENCY_CHECKER": str,
        "RESIDENCY_CLAIM": str,
        "RESIDENCY_MUNICIPALITY": str,
        "RESIDENCY_REGISTER_URL": str,
        "RESIDENCY_REGISTER_TOKEN": str,
        "PROFILE_IDENTITY": str,
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
        "TRUSTED_PROXIES": int,
        "PUBLIC_URL": str,
        "ACCESSIBILITY_EMAIL": str,
        "SEARCH_BACKEND": str,
        "MEILI_URL": str,
        "MEILI_API_KEY": str,
        "MEILI_TIMEOUT": float,
        "MEILI_INDEX": str,
        "ATTACHMENT_STORAGE": str,
        "ATTACHMENT_DIR": str,
        "S3_BUCKET": str,
        "S3_ENDPOINT_URL": str,
        "S3_REGION": str,
        "SEARCH_SYNC": str,
    }


def load_config(app, overrides: dict | None = None) -> None:
    """Fill app.config from Config, the environment and explicit overrides, then check it."""
    app.config.from_object(Config)
    for name, conv in Config.ENV_VARS.items():
        if name in os.environ:
            key = "SQLALCHEMY_DATABASE_URI" if name == "DATABASE_URL" else name
            app.config[key] = conv(os.environ[name])
    if os.environ.get("EID_BROKERS"):
        app.config["EID_BROKERS"] = brokers_from_env(os.environ)
    if overrides:
        app.config.update(overrides)
    env = app.config["PORTAL_ENV"]
    _public_url(app.config, env, explicit="SERVER_NAME_FOR_MAIL" in os.environ
                or "SERVER_NAME_FOR_MAIL" in (overrides or {}))
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
    if app.config["EID_BROKERS"] and not app.config.get("EID_PIN_KEY"):
        if env == "production":
            raise ConfigError("EID_BROKERS is set but EID_PIN_KEY is not. Set EID_PIN_KEY to a long random "
                              "value kept outside the database: personal identity numbers are stored only "
                              "as an HMAC with it, and changing it later makes every e-ID unknown again.")
        app.config["EID_PIN_KEY"] = "development-only-eid-" + env
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri[len("postgres://"):]
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri[len("postgresql://"):]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite:///"):
        Path(uri[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)


def brokers_from_env(environ) -> dict:
    """EID_BROKERS=bankid,freja with EID_BANKID_ISSUER, EID_BANKID_CLIENT_ID, EID_BANKID_CLIENT_SECRET
    and EID_BANKID_LABEL (shown on the button) for each."""
    brokers = {}
    for key in [k.strip().lower() for k in environ["EID_BROKERS"].split(",") if k.strip()]:
        prefix = f"EID_{key.upper()}_"
        missing = [n for n in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET") if not environ.get(prefix + n)]
        if missing:
            raise ConfigError(f"EID_BROKERS names '{key}' but {', '.join(prefix + n for n in missing)} "
                              "is not set.")
        brokers[key] = {"issuer": environ[prefix + "ISSUER"], "client_id": environ[prefix + "CLIENT_ID"],
                        "client_secret": environ[prefix + "CLIENT_SECRET"],
                        "label": environ.get(prefix + "LABEL") or key}
    return brokers


def _public_url(config, env: str, explicit: bool) -> None:
    """Links in e-mails use PUBLIC_URL; in development the port `flask run` serves on (`make run PORT=...`)."""
    if config.get("PUBLIC_URL"):
        config["PUBLIC_URL"] = config["SERVER_NAME_FOR_MAIL"] = config["PUBLIC_URL"].rstrip("/")
        return
    port = os.environ.get("FLASK_RUN_PORT") or os.environ.get("PORT")
    if env == "development" and not explicit and port and port.isdigit():
        host = os.environ.get("FLASK_RUN_HOST") or "localhost"
        if host in ("0.0.0.0", "::", "127.0.0.1"):  # nosec B104 - only naming the address, not binding
            host = "localhost"
        config["SERVER_NAME_FOR_MAIL"] = f"http://{host}:{port}"
    config["PUBLIC_URL"] = config["SERVER_NAME_FOR_MAIL"]
