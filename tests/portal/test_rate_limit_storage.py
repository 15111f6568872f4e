"""Rate-limit counts are shared by every worker through Redis, and survive Redis going away.

With the default memory:// store each gunicorn worker counted on its own, so four workers
allowed four times the limit. docker-compose.yml points RATELIMIT_STORAGE_URI at Redis; here two
processes stand for two workers (in one process the limiter's memory would be shared anyway). The local Redis runs on 127.0.0.1:6379 on the development
machines and in CI (.ci/run starts it and sets REQUIRE_REDIS=1).
"""
import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import build_schema, database_url, drop_schema, make_app

pytestmark = pytest.mark.no_db_rollback
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    host, port = REDIS.split("//")[1].split("/")[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def url(tmp_path_factory):
    url = database_url(tmp_path_factory, "limitstore")
    app = make_app(url)
    build_schema(app)
    _dispose(app)
    yield url
    from portal.extensions import limiter
    limiter.enabled = False  # the limiter is one object: the apps made here turned it on for all
    drop_schema(url)


def _dispose(app):
    from portal.extensions import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _app(url, storage, prefix):
    return make_app(url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage, RATELIMIT_KEY_PREFIX=prefix)


def _login(app):
    # A new address each time: this is about the per-client-address limit, not the per-account delay.
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.se"
    return app.test_client().post("/account/login", data={"email": email, "password": "fel"},
                                  headers={"Accept-Language": "sv"}).status_code


OTHER_WORKER = """
import json, sys
sys.path.insert(0, sys.argv[4])
from tests.conftest import make_app
from tests.portal.test_rate_limit_storage import _app, _dispose, _login
app = _app(sys.argv[1], sys.argv[2], sys.argv[3])
print(json.dumps([_login(app) for _ in range(int(sys.argv[5]))]))
_dispose(app)
"""


def _logins_in_another_process(url, storage, prefix, n):
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", OTHER_WORKER, url, storage, prefix, str(repo), str(n)],
                         capture_output=True, text=True, timeout=60, cwd=repo)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _shared_count(url, storage):
    """Two logins in another worker process, then four here: the sixth is refused if counts are shared."""
    prefix = "t" + uuid.uuid4().hex[:8]  # this run's counters only
    there = _logins_in_another_process(url, storage, prefix, 2)
    app = _app(url, storage, prefix)
    here = [_login(app) for _ in range(4)]
    _dispose(app)
    return there + here


def test_two_workers_share_one_count_through_redis(url):
    if not _redis_up():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but no Redis answers at {REDIS}")
        pytest.skip(f"no Redis at {REDIS}: start it with redis-server, or set TEST_REDIS_URL")
    codes = _shared_count(url, REDIS)
    assert codes[:5] == [200] * 5
    assert codes[5] == 429  # the limit is 5 a minute per address, counted across both workers


def test_memory_counts_per_process(url):
    """What the shared store fixes: with memory:// each worker allows the whole limit."""
    assert _shared_count(url, "memory://") == [200] * 6


def test_limits_still_apply_when_the_store_is_down(url):
    """Nothing listens on port 1: requests are answered (not 500), and limited from memory."""
    app = _app(url, "redis://127.0.0.1:1/0", "t" + uuid.uuid4().hex[:8])
    codes = [_login(app) for _ in range(6)]
    _dispose(app)
    assert codes[:5] == [200] * 5
    assert codes[5] == 429
