"""Swedish working days: Easter-based holidays, midsummer, weekends."""
from datetime import date

import pytest

from portal.handling.workdays import (add_working_days, easter_sunday, is_working_day, swedish_holidays,
                                      working_days_between)


@pytest.mark.parametrize("year, easter", [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
                                          (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)),
                                          (2038, date(2038, 4, 25))])
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_holidays_2026():
    h = swedish_holidays(2026)
    for d in [date(2026, 1, 1), date(2026, 1, 6), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1),
              date(2026, 5, 14), date(2026, 6, 6), date(2026, 6, 19), date(2026, 6, 20), date(2026, 10, 31),
              date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 31)]:
        assert d in h, d
    assert date(2026, 6, 18) not in h


def test_add_working_days_skips_weekends_and_easter():
    # Thursday 2 April 2026 + 1 working day: Good Friday, Easter weekend and Easter Monday are off.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 27)
    assert not is_working_day(date(2026, 11, 21))
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 2)) == -1
