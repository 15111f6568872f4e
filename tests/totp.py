"""TOTP codes for tests: each code once, as the portal now requires.

The portal accepts the codes of the current 30-second step and one step either side, and each
step only once per account. `fresh_code` hands out steps in increasing order per secret, and
waits for the next step when the three valid ones are spent.
"""
from __future__ import annotations

import time

import pyotp

_last: dict[str, int] = {}


def fresh_code(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    while True:
        current = int(time.time()) // totp.interval
        step = max(current - 1, _last.get(secret, current - 2) + 1)
        if step <= current + 1:
            _last[secret] = step
            return totp.generate_otp(step)
        time.sleep(1)
