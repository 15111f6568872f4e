"""Registration takes as long for an address that has an account as for a new one, so its timing
does not tell who has an account. The two timing distributions are compared, with argon2 set to
realistic cost (OWASP's minimum), where hashing dominates as it does in production."""
import statistics
import time
from itertools import count

from flask import g

SAMPLES = 12
_n = count()


def _register(client, email):
    g.pop("_login_user", None)
    start = time.perf_counter()
    r = client.post("/account/register", data={"email": email, "display_name": "Tidtagare", "accept": "y",
                                                "password": "a long enough password", "confirm":
                                                "a long enough password"})
    elapsed = time.perf_counter() - start
    assert r.status_code == 200
    return elapsed


def test_registration_timing_does_not_reveal_existing_accounts(app, client, make_user, monkeypatch):
    taken = make_user(email="taken@example.se")
    monkeypatch.setitem(app.config, "ARGON2_PARAMS", {"time_cost": 2, "memory_cost": 19456, "parallelism": 1})
    _register(client, f"warm{next(_n)}@example.se")  # first use builds the hasher and warms caches
    known, new = [], []
    for i in range(SAMPLES):  # interleaved, so load on the machine hits both alike
        known.append(_register(client, taken.email))
        new.append(_register(client, f"new{i}-{next(_n)}@example.se"))
    mk, mn = statistics.median(known), statistics.median(new)
    print(f"median known {mk * 1000:.1f} ms, new {mn * 1000:.1f} ms")
    # Same centre within a fifth. Before the fix a known address answered about ten times faster
    # (6-10 ms against 100-140 ms); what remains is the new account's row insert, a millisecond or
    # so against the hash's twenty, well below a network's jitter. (An earlier check that the
    # middle halves overlap failed in CI on a 1 ms shift: the distributions are that tight.)
    assert 0.8 < mk / mn < 1.25, (known, new)
