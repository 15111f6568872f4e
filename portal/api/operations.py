"""Verbs on API tokens: create (the secret is returned once), revoke, authenticate. They flush, never commit."""
from __future__ import annotations

import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import Role
from ..audit.operations import record
from ..db import utcnow
from ..errors import PermissionDenied
from ..extensions import db
from .models import ApiToken

RESIDENT_SCOPES = {"proposals:write": _l("Send proposals"), "supports:write": _l("Support proposals and take support back")}
STAFF_SCOPES = {"cases:read": _l("Read the cases of my boards")}
MAX_TOKENS = 10
PREFIX = "dp_"


def scopes_for(user) -> dict:
    """The scopes this person may give a token: staff of boards may also read their cases."""
    scopes = dict(RESIDENT_SCOPES)
    if user.has_role(Role.OFFICER, Role.REPRESENTATIVE, Role.COORDINATOR):
        scopes.update(STAFF_SCOPES)
    return scopes


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tokens_of(user) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                                   .order_by(ApiToken.id)))


def create_token(user, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token; the returned secret is shown once, only its hash is kept."""
    allowed = scopes_for(user)
    if not scopes or any(s not in allowed for s in scopes):
        raise PermissionDenied()
    if len(tokens_of(user)) >= MAX_TOKENS:
        raise PermissionDenied(_l("You can have at most %(n)s API tokens. Revoke one first.", n=MAX_TOKENS))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=hash_token(secret), prefix=secret[:10],
                     scopes=sorted(set(scopes)))
    db.session.add(token)
    db.session.flush()
    record(user, "api_token.create", "api_token", token.id, after={"name": token.name, "scopes": token.scopes})
    return token, secret


def revoke_token(token: ApiToken, user) -> None:
    if token.user_id != user.id:
        raise PermissionDenied()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(user, "api_token.revoke", "api_token", token.id)
    db.session.flush()


def authenticate(header: str | None) -> ApiToken | None:
    """The active token named by an `Authorization: Bearer ...` header, if its owner may still act."""
    if not header or not header.startswith("Bearer "):
        return None
    secret = header[7:].strip()
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or not token.active or not token.user.active:
        return None
    token.last_used_at = utcnow()
    return token
