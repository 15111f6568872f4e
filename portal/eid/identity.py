"""The personal identity number: checked, turned into a keyed hash and a year of birth, then dropped."""
from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from flask import current_app

_PIN = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{4})$")


class InvalidNumber(ValueError):
    """Not a 12-digit personal (or coordination) identity number with a valid check digit."""


def _luhn_ok(ten: str) -> bool:
    total = 0
    for i, ch in enumerate(ten):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def birth_date(pin: str) -> date:
    """The date of birth a 12-digit number (YYYYMMDDNNNC) encodes; a coordination number adds 60
    to the day. Raises InvalidNumber."""
    m = _PIN.match(pin or "")
    if not m or not _luhn_ok(pin[2:]):
        raise InvalidNumber(pin and "***")
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if day > 60:
        day -= 60
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidNumber("***") from None


def pin_hmac(pin: str) -> str:
    """HMAC-SHA256 of the number with EID_PIN_KEY: the same person gives the same value, and the
    database alone cannot be turned back into numbers (the key is not in it)."""
    key = current_app.config["EID_PIN_KEY"].encode()
    return hmac.new(key, pin.encode(), hashlib.sha256).hexdigest()
