"""Shared fixtures: one app per session, each test inside a rolled-back transaction."""
from __future__ import annotations

import os
import re
import uuid
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

REPO = Path(__file__).resolve().parent.parent
PG_URL_ENV = "TEST_DATABASE_URL"


def compile_catalogues() -> None:
    """Compile .po to .mo so a bare `pytest` works without `make`."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (REPO / "translations").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f)
        with mo.open("wb") as f:
            write_mo(f, catalog)


def database_url(tmp_path_factory, name: str) -> str:
    """A fresh database: a SQLite file, or a new schema in the PostgreSQL test database."""
    pg = os.environ.get(PG_URL_ENV)
    if not pg:
        return "sqlite:///" + str(tmp_path_factory.mktemp(name) / "test.db")
    schema = f"t_{name}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(pg.replace("postgresql://", "postgresql+psycopg://", 1)
                           if pg.startswith("postgresql://") else pg)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in pg else "?"
    return f"{pg}{sep}options=-csearch_path%3D{schema}"


def drop_schema(url: str) -> None:
    m = re.search(r"search_path%3D(\w+)", url)
    if not m:
        return
    base = url.split("?")[0]
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1)
                           if base.startswith("postgresql://") else base)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{m.group(1)}" CASCADE'))
    engine.dispose()


def make_app(url: str, **overrides):
    from portal import create_app

    config = {"PORTAL_ENV": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SECRET_KEY": "test-secret",
              "SERVER_NAME_FOR_MAIL": "http://localhost", "PAGE_CACHE_SECONDS": 0,
              # Cheap argon2 in tests only: the default parameters are slow by design.
              "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}}
    config.update(overrides)
    return create_app(config)


def build_schema(app) -> None:
    from portal.extensions import db
    from portal.profile.operations import active_ruleset, load_profile

    with app.app_context():
        db.create_all()
        load_profile(active_ruleset())
        db.session.commit()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    compile_catalogues()
    url = database_url(tmp_path_factory, "main")
    app = make_app(url)
    build_schema(app)
    yield app
    from portal.extensions import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_schema(url)


@pytest.fixture(autouse=True)
def db(request, app):
    """Each test runs inside one outer transaction that is rolled back; commits become savepoints."""
    from portal.extensions import db as _db

    if "no_db_rollback" in request.keywords:
        yield _db
        return
    ctx = app.app_context()
    ctx.push()
    conn = _db.engine.connect()
    outer = conn.begin()
    original = _db.session
    _db.session = scoped_session(sessionmaker(bind=conn, join_transaction_mode="create_savepoint",
                                              expire_on_commit=False))
    try:
        yield _db
    finally:
        _db.session.remove()
        _db.session = original
        if outer.is_active:
            outer.rollback()
        conn.close()
        ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


_seq = count(1)


@pytest.fixture
def make_user(db):
    """Factory: make_user(confirmed=True, roles=(), boards=(), locale='sv')."""
    from portal.accounts.models import Role, User
    from portal.db import utcnow
    from portal.profile.models import Board

    def _make(confirmed=True, roles=(), boards=(), locale="sv", email=None, name=None, password="correct horse battery"):
        n = next(_seq)
        user = User(email=email or f"user{n}@example.se", display_name=name or f"Invånare {n}", locale=locale,
                    email_confirmed_at=utcnow() if confirmed else None)
        user.set_password(password)
        for r in roles:
            user.grant(Role(r))
        if roles:  # staff log in with a second factor; Auth.login submits the current code
            import pyotp
            user.totp_secret = pyotp.random_base32()
        if boards:
            user.boards = list(db.session.scalars(db.select(Board).where(Board.slug.in_(boards))))
        db.session.add(user)
        db.session.flush()
        return user
    return _make


@pytest.fixture
def make_proposal(db, make_user):
    """Factory: make_proposal(state='published', author=None, title=..., topics=('trafik',), district=None)."""
    from portal.proposals import operations as ops
    from portal.proposals.models import TRANSITIONS, ProposalState as S
    from portal.profile.models import District, Topic

    def _make(state="published", author=None, title="Säker cykelväg till skolan", topics=("cykel",),
              district=None, summary="En kort sammanfattning.", body="Text om **förslaget**.", duration=3):
        author = author or make_user()
        topic_ids = [t.id for t in db.session.scalars(db.select(Topic).where(Topic.slug.in_(topics)))]
        district_id = db.session.scalar(db.select(District.id).where(District.slug == district)) if district else None
        p = ops.save_draft(author, {"title": title, "summary": summary, "body": body, "district_id": district_id,
                                    "topic_ids": topic_ids, "duration_months": duration})
        target = S(state)
        if target == S.DRAFT:
            return p
        ops.submit(p, author)
        if target == S.SUBMITTED:
            return p
        moderator = make_user(roles=["moderator"])
        if target == S.REJECTED:
            ops.reject(p, moderator, "Innehåller personuppgifter.")
            return p
        ops.publish(p, moderator)
        if target == S.PUBLISHED:
            return p
        if target == S.WITHDRAWN:
            ops.withdraw(p, author)
        elif target == S.EXPIRED:
            p.transition(S.EXPIRED, None)
        else:
            for s in (S.THRESHOLD_REACHED, S.IN_HANDLING, S.ANSWERED, S.CLOSED):
                if p.state == target:
                    break
                if s in TRANSITIONS[p.state]:
                    p.transition(s, moderator)
        db.session.flush()
        return p
    return _make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user, password="correct horse battery"):
        r = self.client.post("/account/login", data={"email": user.email, "password": password})
        if "/account/two-factor" in r.headers.get("Location", "") and user.totp_secret:
            from tests.totp import fresh_code
            r.close()
            r = self.client.post("/account/two-factor", data={"code": fresh_code(user.totp_secret)})
        return r

    def logout(self):
        return self.client.post("/account/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


def pytest_configure(config):
    config.addinivalue_line("markers", "no_db_rollback: the test manages its own database")
