"""Swedish working days: weekends and public holidays (computed, no network)."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _weekday_between(year: int, month: int, first_day: int, weekday: int) -> date:
    """The day with the given weekday (Mon=0) in the seven days from first_day."""
    start = date(year, month, first_day)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


@lru_cache(maxsize=64)
def swedish_holidays(year: int) -> frozenset[date]:
    """Public holidays plus the eves that are days off in practice (midsommar-, jul-, nyårsafton)."""
    easter = easter_sunday(year)
    midsummer_eve = _weekday_between(year, 6, 19, 4)  # Friday 19-25 June
    return frozenset({
        date(year, 1, 1), date(year, 1, 6),
        easter - timedelta(days=2), easter, easter + timedelta(days=1),
        date(year, 5, 1), easter + timedelta(days=39), easter + timedelta(days=49),
        date(year, 6, 6), midsummer_eve, midsummer_eve + timedelta(days=1),
        _weekday_between(year, 10, 31, 5),  # All Saints' Day: Saturday 31 Oct-6 Nov
        date(year, 12, 24), date(year, 12, 25), date(year, 12, 26), date(year, 12, 31),
    })


def is_working_day(day: date, days_off: Collection[date] = ()) -> bool:
    """Not a weekend, not a public holiday, and not one of `days_off` (the administrator's list)."""
    return day.weekday() < 5 and day not in swedish_holidays(day.year) and day not in days_off


def add_working_days(start: date, n: int, days_off: Collection[date] = ()) -> date:
    """The date n working days after start (start itself is not counted)."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            n -= 1
    return day


def working_days_between(start: date, end: date, days_off: Collection[date] = ()) -> int:
    """Working days after start up to and including end (negative if end is earlier)."""
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        n += is_working_day(day, days_off)
    return sign * n
