"""A person proven by e-legitimation: a keyed hash of the personal identity number, never the number."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, utcnow
from ..extensions import db


class Person(db.Model):
    """One natural person, recognised again by `pin_hmac` whichever broker or account they use.

    Kept: the HMAC of the personal identity number (the key lives outside the database), the
    year of birth (for a minimum age), the residency answer and when it was checked, the level
    of assurance of the last login. Nothing else from the number or the broker is kept."""

    __tablename__ = "eid_persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    pin_hmac: Mapped[str] = mapped_column(String(64), unique=True)
    birth_year: Mapped[int | None] = mapped_column()
    resident: Mapped[bool | None] = mapped_column()
    residency_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    loa: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Person {self.id} born {self.birth_year}>"

    def age_this_year(self, today=None) -> int | None:
        """The age reached during the current year: only the year of birth is kept."""
        if self.birth_year is None:
            return None
        from datetime import date
        return (today or date.today()).year - self.birth_year
