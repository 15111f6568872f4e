"""Sessions that really end: the user loader checks the account's session version and the session's age."""
from __future__ import annotations

import time

from flask import current_app
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import User


def load_session_user(token: str) -> User | None:
    """The account a session or remember-me cookie names, if that session is still valid.

    The token is `id:session_version:issued` (User.get_id). It is refused when the account has
    ended its sessions since (logout, password reset, block, role removed) or when it was issued
    longer ago than SESSION_MAX_SECONDS, the absolute lifetime of every login."""
    try:
        user_id, version, issued = (int(part) for part in str(token).split(":"))
    except ValueError:
        return None  # an older or forged format
    if time.time() - issued > current_app.config["SESSION_MAX_SECONDS"]:
        return None
    # Every request asks whether the account is staff: its roles come in the same query.
    user = db.session.get(User, user_id, options=[joinedload(User.role_rows), joinedload(User.person)])
    if user is None or user.session_version != version:
        return None
    user._session_issued = issued
    return user
