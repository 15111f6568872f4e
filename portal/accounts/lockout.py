"""Login throttling per account without a lockout: a growing delay after failed attempts.

After LOGIN_FREE_FAILURES failed attempts for an e-mail address, each further failure makes the
next attempt for that address wait twice as long (1, 2, 4 ... seconds), never more than
LOGIN_MAX_DELAY_SECONDS. While the delay runs no password alone is accepted for the address: an
account with a second factor gets in with the password and a current code together (the password
is never confirmed on its own, so the delay holds for staff too). Counts are kept for any address,
with or without an account, so the delay does not tell which addresses have one.

A stranger who keeps failing can renew the delay every minute, so the owner is not made to wait
for it on their own browser: a successful login (or password reset) gives the browser a signed
device cookie for the account (OWASP's device cookies). With it the account's delay does not apply;
its failures count against the cookie, which after LOGIN_FREE_FAILURES of them is trusted no more
(for a day). A new browser during an attack gets in through "forgot your password" (the reset
trusts the browser) or e-legitimation.

Counts live in the rate-limit store (Redis in production, shared by every worker); if that store is
down, only the per-address limits (each process's memory) apply.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import time

from flask import after_this_request, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

from ..extensions import limiter

log = logging.getLogger(__name__)
MEMORY_SECONDS = 24 * 3600  # failures older than this are forgotten
DEVICE_COOKIE = "login_device"


def _digest(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def _keys(email: str) -> tuple[str, str]:
    digest = _digest(email)
    return f"login-failures/{digest}", f"login-wait/{digest}"


def _device_key(nonce: str) -> str:
    return f"login-device-failures/{nonce}"


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


def record_failure(email: str, device: str | None = None) -> float:
    """Count a failed attempt; returns the delay it starts (0 while attempts are still free). A
    failure from a trusted device counts against its cookie, not the account."""
    if not _active():
        return 0.0
    count, wait = _keys(email)
    cfg = current_app.config
    try:
        if device:
            limiter.storage.incr(_device_key(device), MEMORY_SECONDS)
            return 0.0
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


def clear(email: str, device: str | None = None) -> None:
    """A successful login forgets the failures it may have made itself: its device cookie's, or (from a
    browser without one) the account's. The owner logging in on their own browser does not give a
    stranger's guesses free tries again."""
    if not _active():
        return
    try:
        for key in ((_device_key(device),) if device else _keys(email)):
            limiter.storage.clear(key)
    except Exception:  # noqa: BLE001
        log.warning("login delay store unavailable", exc_info=True)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="login-device")


def trusted_device(email: str) -> str | None:
    """The device cookie's id if this browser is trusted for the address (and not used up), else None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or not _active():
        return None
    cfg = current_app.config
    try:
        data = _serializer().loads(raw, max_age=cfg["LOGIN_DEVICE_DAYS"] * 86400)
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("a") != _digest(email) or not isinstance(data.get("n"), str):
        return None
    try:
        if limiter.storage.get(_device_key(data["n"])) >= cfg["LOGIN_FREE_FAILURES"]:
            return None
    except Exception:  # noqa: BLE001
        log.warning("login delay store unavailable", exc_info=True)
        return None
    return data["n"]


def trust_device(email: str) -> None:
    """Give this browser a device cookie for the address (set on the response being built)."""
    cfg = current_app.config
    value = _serializer().dumps({"a": _digest(email), "n": secrets.token_urlsafe(16)})

    @after_this_request
    def _set(response):
        response.set_cookie(DEVICE_COOKIE, value, max_age=cfg["LOGIN_DEVICE_DAYS"] * 86400, path="/account/",
                            secure=cfg["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
        return response
