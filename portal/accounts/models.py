"""People and their roles."""
from __future__ import annotations

import enum
import time
from datetime import datetime

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, utcnow
from ..eid.models import Person
from ..extensions import db
from ..profile.models import Board

@lru_cache(maxsize=4)
def _make_hasher(params: tuple) -> PasswordHasher:
    return PasswordHasher(**dict(params))


def _hasher() -> PasswordHasher:
    """argon2 with the library's defaults; tests configure cheaper parameters (ARGON2_PARAMS)."""
    params = current_app.config.get("ARGON2_PARAMS") if has_app_context() else None
    return _make_hasher(tuple(sorted((params or {}).items())))


class Role(str, enum.Enum):
    """What a person may do beyond being a resident."""

    MODERATOR = "moderator"
    OFFICER = "officer"
    COORDINATOR = "coordinator"
    REPRESENTATIVE = "representative"
    ADMIN = "admin"


board_members = Table(
    "board_members",
    db.Model.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("board_id", ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True),
)


class UserRole(db.Model):
    """One role held by one person."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(db.Enum(Role, native_enum=False, length=20,
                                               values_callable=lambda e: [m.value for m in e]))


class User(UserMixin, db.Model):
    """A person with an account: a resident, and possibly staff."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(60))
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    # Every session and "remember me" cookie carries this number; raising it ends them all, everywhere.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Staff security: TOTP secret and hashed single-use recovery codes.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last 30-second step whose code was accepted: a code works once.
    totp_last_step: Mapped[int | None] = mapped_column()
    recovery_hashes: Mapped[list | None] = mapped_column(JSON)
    # Moderation and privacy.
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The person proven by e-legitimation (one account per person; see portal/eid).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("eid_persons.id", ondelete="SET NULL"), unique=True)
    person: Mapped[Person | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")
    boards: Mapped[list[Board]] = relationship(secondary=board_members, order_by=Board.position)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.display_name!r}>"

    # -- sessions --
    def get_id(self) -> str:  # Flask-Login: what the session and the remember cookie hold
        """`id:session_version:issued`. A session or cookie whose version is no longer the account's,
        or whose issue time is older than the absolute lifetime, is refused by the user loader."""
        if getattr(self, "_session_issued", None) is None:
            self._session_issued = int(time.time())
        return f"{self.id}:{self.session_version}:{self._session_issued}"

    def start_session(self) -> None:
        """A new login: the session's lifetime counts from now."""
        self._session_issued = int(time.time())

    def end_all_sessions(self) -> None:
        """Log the account out everywhere: every session and remember-me cookie stops working."""
        self.session_version = (self.session_version or 0) + 1

    # -- password --
    def set_password(self, password: str) -> None:
        self.password_hash = _hasher().hash(password)

    def check_password(self, password: str) -> bool:
        try:
            _hasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher().check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True

    # -- state --
    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def public_name(self) -> str:
        """The name shown on public records; a deleted account keeps its records, not its name."""
        if self.deleted_at is not None:
            from flask_babel import gettext
            return gettext("Deleted account")
        return self.display_name

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def roles(self) -> set[Role]:
        return {r.role for r in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles)) or Role.ADMIN in self.roles

    def grant(self, role: Role) -> None:
        if role not in self.roles:
            self.role_rows.append(UserRole(role=role))

    @property
    def is_staff(self) -> bool:
        return bool(self.roles)

    # -- permissions --
    def can_moderate(self) -> bool:
        return self.has_role(Role.MODERATOR)

    def can_administer(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_verified(self) -> bool:
        """Proven by e-legitimation."""
        return self.person_id is not None

    @property
    def participation_level(self) -> int:
        """0: e-mail only; 1: e-legitimation; 2: e-legitimation and resident (see proposals' rules)."""
        if self.person is None:
            return 0
        return 2 if self.person.resident else 1

    def can_take_part(self) -> bool:
        """Submitting and supporting need a confirmed e-mail address or an e-legitimation
        (a city may require the latter: portal.accounts.participation)."""
        return self.active and (self.is_confirmed or self.person_id is not None)
