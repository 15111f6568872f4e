"""Search fixtures: the fake Meilisearch server, backends, and a worker run helper."""
from __future__ import annotations

import os
import uuid

import pytest

from tests.search.fake_meili import FakeMeili


@pytest.fixture(scope="session")
def fake_meili_server():
    server = FakeMeili(master_key="test-master-key").start()
    yield server
    server.stop()


@pytest.fixture
def fake_meili(fake_meili_server):
    fake_meili_server.fail_tasks = False
    if fake_meili_server.server is None:
        fake_meili_server.start()
    yield fake_meili_server
    fake_meili_server.fail_tasks = False
    if fake_meili_server.server is None:
        fake_meili_server.start()


def meili_backend(url, key, ruleset=None):
    from portal.search.backends.meili import MeiliBackend
    return MeiliBackend(url=url, api_key=key, index=f"test_{uuid.uuid4().hex[:10]}", timeout=2,
                        task_timeout_ms=20_000, ruleset=ruleset)


@pytest.fixture(params=["database", "meili-fake", "meili-real"])
def backend(request, db):
    """Every backend the contract suite runs against."""
    import routing
    if request.param == "database":
        from portal.search.backends.database import DatabaseBackend
        yield DatabaseBackend()
        return
    if request.param == "meili-fake":
        server = request.getfixturevalue("fake_meili")
        b = meili_backend(server.url, "test-master-key", routing.default_ruleset())
    else:
        url = os.environ.get("MEILI_URL")
        if not url:
            pytest.skip("MEILI_URL is not set: the contract suite ran against the loopback fake only")
        b = meili_backend(url, os.environ.get("MEILI_API_KEY"), routing.default_ruleset())
    yield b
    try:
        b.client.delete_index(b.uid)
    except Exception:  # the test may have stopped the server
        pass


@pytest.fixture
def use_backend(app):
    """Make the app use a given backend for the rest of the test."""
    saved = app.extensions.get("search_backend")

    def _use(b):
        app.extensions["search_backend"] = b
        return b
    yield _use
    if saved is None:
        app.extensions.pop("search_backend", None)
    else:
        app.extensions["search_backend"] = saved
