"""Staff security: TOTP second factor, single-use recovery codes, session age and recent login."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata
from functools import wraps
from urllib.parse import urlsplit

import pyotp
from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from sqlalchemy import or_
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..urls import safe_next
from .models import User

RECOVERY_CODES = 10
# Pages a staff member may reach before the second factor is done.
OPEN_ENDPOINTS = {"accounts.two_factor", "accounts.logout", "accounts.login", "static", "core.language",
                  "core.healthz", "privacy.privacy", "privacy.cookies", "privacy.accessibility"}


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Malmö dialogportal")


def normalise_code(code: str | None) -> str:
    """A code as typed, with every kind of decimal digit (Arabic-Indic ١٢٣, Persian ۱۲۳, full-width
    １２３ ...) made ASCII and spaces removed. Anything else stays as it is (and will not match)."""
    out = []
    for ch in (code or "").strip():
        if ch.isspace():
            continue
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().replace("-", "").lower().encode()).hexdigest()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (30 s) whose code this is, allowing one step of clock drift either way."""
    totp = pyotp.TOTP(secret)
    current = int(time.time()) // totp.interval
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _spend_step(user, step: int) -> bool:
    """Record `step` as the account's last used TOTP step, unless it or a later one was used.

    One conditional UPDATE, so two requests with the same code cannot both pass: a code seen
    (on the wire, over a shoulder) cannot be replayed within its 30 seconds."""
    users = User.__table__
    result = db.session.execute(users.update().where(
        users.c.id == user.id, or_(users.c.totp_last_step.is_(None), users.c.totp_last_step < step))
        .values(totp_last_step=step))
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def enrol(user, secret: str, code: str) -> list[str] | None:
    """Turn on TOTP if `code` matches `secret`; returns the recovery codes (shown once) or None."""
    code = normalise_code(code)
    step = _matching_step(secret, code) if code.isascii() and code.isdigit() else None
    if step is None or not _spend_step(user, step):
        return None
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    user.totp_secret = secret
    user.recovery_hashes = [_hash(c) for c in codes]
    return codes


def verify(user, code: str) -> bool:
    """A current TOTP code not used before, or an unused recovery code (which is then spent)."""
    code = normalise_code(code)
    if not user.totp_secret or not code or not code.isascii():
        return False
    if code.isdigit():
        step = _matching_step(user.totp_secret, code)
        return step is not None and _spend_step(user, step)
    hashed = _hash(code)
    if hashed in (user.recovery_hashes or []):
        user.recovery_hashes = [h for h in user.recovery_hashes if h != hashed]
        return True
    return False


def mark_authenticated(second_factor: bool) -> None:
    session["auth_at"] = time.time()
    session["mfa_ok"] = second_factor


def _age() -> float:
    return time.time() - float(session.get("auth_at") or 0)


def staff_guard():
    """before_app_request: blocked accounts are logged out; staff need 2FA and a fresh enough session."""
    if not current_user.is_authenticated:
        return None
    if not current_user.is_active:
        logout_user()
        session.clear()
        return None
    if not current_user.is_staff:
        return None
    if _age() > current_app.config["STAFF_SESSION_SECONDS"]:
        logout_user()
        session.clear()
        flash(_("Your staff session has expired. Log in again."), "info")
        return redirect(url_for("accounts.login", next=request.full_path))
    if not session.get("mfa_ok") and request.endpoint not in OPEN_ENDPOINTS:
        return redirect(url_for("accounts.two_factor", next=request.full_path))
    return None


def recent_login_required(view):
    """Staff actions need a recent login: older than STAFF_REAUTH_SECONDS asks for password and code again."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated and current_user.is_staff \
                and _age() > current_app.config["STAFF_REAUTH_SECONDS"]:
            flash(_("Confirm it is you before you continue."), "info")
            ref = urlsplit(request.referrer or "")
            back = safe_next(ref.path + (f"?{ref.query}" if ref.query else ""), request.path)
            return redirect(url_for("accounts.reauth", next=back))
        return view(*args, **kwargs)
    return wrapped


def permission_required(check):
    """The one decorator for staff permissions (moderation, administration): log in, `check(user)`
    or 403, and every request that changes something also needs a recent login. Being part of the
    permission, the recent-login check cannot be forgotten by a new route."""
    def decorator(view):
        guarded = recent_login_required(view)

        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not check(current_user):
                abort(403)
            if request.method in ("GET", "HEAD", "OPTIONS"):
                return view(*args, **kwargs)
            return guarded(*args, **kwargs)
        wrapped.permission_check = check
        return wrapped
    return decorator
