"""Login throttling per account without a lockout: a growing delay after failed attempts.

After LOGIN_FREE_FAILURES failed attempts for an e-mail address, each further failure makes the
next attempt for that address wait twice as long (1, 2, 4 ... seconds), never more than
LOGIN_MAX_DELAY_SECONDS. While the delay runs, no password is accepted for the address, except
that an account with a second factor still goes on to it: a stranger cannot keep staff out, and
a resident waits at most a minute, never an hour. Counts are kept for any address, with or without
an account, so the delay does not tell which addresses have one. They live in the rate-limit
store (Redis in production, shared by every worker); if that store is down, only the per-address
limits (each process's memory) apply.
"""
from __future__ import annotations

import hashlib
import logging
import time

from flask import current_app

from ..extensions import limiter

log = logging.getLogger(__name__)
MEMORY_SECONDS = 24 * 3600  # failures older than this are forgotten


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-failures/{digest}", f"login-wait/{digest}"


def _active() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED") and limiter.enabled
                and getattr(limiter, "_storage", None) is not None)


def wait_seconds(email: str) -> float:
    """How long the address must still wait before a password is checked again (0 = not at all)."""
    if not _active():
        return 0.0
    _count, wait = _keys(email)
    try:
        if limiter.storage.get(wait) <= 0:
            return 0.0
        return max(0.0, limiter.storage.get_expiry(wait) - time.time())
    except Exception:  # noqa: BLE001 - the store is down: the per-address limits still hold
        log.warning("login delay store unavailable", exc_info=True)
        return 0.0


def record_failure(email: str) -> float:
    """Count a failed attempt; returns the delay it starts (0 while attempts are still free)."""
    if not _active():
        return 0.0
    count, wait = _keys(email)
    cfg = current_app.config
    try:
        failures = limiter.storage.incr(count, MEMORY_SECONDS)
        if failures < cfg["LOGIN_FREE_FAILURES"]:
            return 0.0
        delay = min(2 ** (failures - cfg["LOGIN_FREE_FAILURES"]), cfg["LOGIN_MAX_DELAY_SECONDS"])
        limiter.storage.clear(wait)
        limiter.storage.incr(wait, delay)
        return float(delay)
    except Exception:  # noqa: BLE001
        log.warning("login delay store unavailable", exc_info=True)
        return 0.0


def clear(email: str) -> None:
    """A successful login forgets the failures."""
    if not _active():
        return
    try:
        for key in _keys(email):
            limiter.storage.clear(key)
    except Exception:  # noqa: BLE001
        log.warning("login delay store unavailable", exc_info=True)
