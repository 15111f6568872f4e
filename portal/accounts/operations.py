"""Account verbs: register, confirm, reset. They flush; the request commits."""
from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from ..db import utcnow
from ..errors import DomainError
from ..extensions import db
from ..outbox.operations import queue_email
from ..urls import external_url
from .models import User


class TokenInvalid(DomainError):
    status = 400


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


_DUMMY_HASH: str | None = None


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None. Unknown addresses cost the same hashing time,
    so neither the answer nor its timing tells which addresses have accounts."""
    global _DUMMY_HASH
    user = find_by_email(email)
    if user is None or user.deleted_at is not None:
        from .models import _hasher
        if _DUMMY_HASH is None:
            _DUMMY_HASH = _hasher().hash("not a password")
        try:
            _hasher().verify(_DUMMY_HASH, password or "x")
        except Exception:  # nosec B110  # noqa: BLE001 - the outcome is ignored on purpose (equal timing)
            pass
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def register(email: str, password: str, display_name: str, locale: str) -> User | None:
    """Create an account and mail a confirmation link. Returns None if the address is taken
    (the owner is mailed instead, so the page never reveals which addresses exist)."""
    existing = find_by_email(email)
    if existing is not None:
        # The password is hashed all the same: the answer's timing must not tell that the address
        # has an account (hashing is most of the time a new account takes).
        from .models import _hasher
        _hasher().hash(password)
        queue_email(existing, "already_registered",
                    login_url=external_url("accounts.login"), reset_url=external_url("accounts.forgot"))
        return None
    user = User(email=normalise_email(email), display_name=display_name.strip(), locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = _serializer("confirm").dumps({"uid": user.id, "email": user.email})
    queue_email(user, "confirm", confirm_url=external_url("accounts.confirm", token=token))


def confirm(token: str) -> User:
    """Confirm the e-mail address a signed, unexpired token names."""
    try:
        data = _serializer("confirm").loads(token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    except SignatureExpired:
        raise TokenInvalid(_expired_msg()) from None
    except BadSignature:
        raise TokenInvalid(_invalid_msg()) from None
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise TokenInvalid(_invalid_msg())
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def _password_fingerprint(user: User) -> str:
    # Changing the password changes the fingerprint, so a reset link works only once.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_reset(email: str) -> None:
    """Mail a reset link if the address has an account; say nothing either way."""
    user = find_by_email(email)
    if user is None:
        return
    token = _serializer("reset").dumps({"uid": user.id, "fp": _password_fingerprint(user)})
    queue_email(user, "reset", reset_url=external_url("accounts.reset", token=token))


def user_for_reset(token: str) -> User:
    try:
        data = _serializer("reset").loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except SignatureExpired:
        raise TokenInvalid(_expired_msg()) from None
    except BadSignature:
        raise TokenInvalid(_invalid_msg()) from None
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("fp") != _password_fingerprint(user):
        raise TokenInvalid(_invalid_msg())
    return user


def reset_password(token: str, password: str) -> User:
    user = user_for_reset(token)
    user.set_password(password)
    user.end_all_sessions()
    if user.email_confirmed_at is None:  # the link proved the address
        user.email_confirmed_at = utcnow()
    return user


def change_password(user: User, password: str) -> None:
    """A new password ends every session of the account (the caller starts a new one for itself)."""
    user.set_password(password)
    user.end_all_sessions()


def _expired_msg():
    return _l("The link has expired. Ask for a new one.")


def _invalid_msg():
    return _l("The link is not valid. It may already have been used.")
