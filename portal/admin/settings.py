"""Profile settings: one accessor, values from the Setting table, defaults from config."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..extensions import db
from .models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: object
    kind: str          # "int", "ints" (comma-separated), "dates" (one ISO date a line), "text"
    default: object    # a value, or (config key, fallback) when the configuration may set it
    minimum: int = 0


SPECS = [
    SettingSpec("support_threshold", _l("Supports needed before a board takes up a proposal (0 = straight to handling)"),
                "int", ("SUPPORT_THRESHOLD", 100)),
    SettingSpec("support_durations", _l("Support periods a resident can choose (months, comma-separated)"),
                "ints", ("SUPPORT_DURATIONS", (3, 6, 9, 12)), 1),
    # Handling deadlines; the defaults are the handling package's configuration keys.
    SettingSpec("accept_within_days", _l("A board accepts a routed proposal within (working days)"), "int",
                ("ACCEPT_WITHIN_WORKING_DAYS", 5), 1),
    SettingSpec("consultation_days", _l("Consultation period (working days)"), "int",
                ("CONSULTATION_WORKING_DAYS", 20), 1),
    SettingSpec("deadline_warning_days", _l("Remind this many working days before a deadline"), "int",
                ("DEADLINE_WARNING_WORKING_DAYS", 2), 1),
    SettingSpec("case_due_months", _l("A case is answered within (months)"), "int", ("CASE_DUE_MONTHS", 12), 1),
    SettingSpec("holidays", _l("Days off besides weekends and public holidays (one date a line, YYYY-MM-DD)"),
                "dates", ()),
    SettingSpec("report_threshold", _l("Reports that hide content until a moderator reviews it"), "int", 3, 1),
    SettingSpec("retention_unconfirmed_days", _l("Days before an unconfirmed account is removed"), "int", 30, 1),
    SettingSpec("retention_mail_days", _l("Days before sent e-mails are removed from the outbox"), "int", 90, 1),
    SettingSpec("retention_report_days", _l("Days before the reporter is removed from a closed report"), "int", 180, 1),
    # The accessibility statement (DOS-lagen); empty means the portal's own text in the reader's language.
    SettingSpec("accessibility_known_problems",
                _l("Accessibility statement: known problems (one a line; empty shows the portal's own list)"), "text", ""),
    SettingSpec("accessibility_assessed_on", _l("Accessibility statement: date of the latest assessment (YYYY-MM-DD)"),
                "text", ""),
    SettingSpec("accessibility_method", _l("Accessibility statement: how the assessment was made"), "text", ""),
]
SPEC_BY_KEY = {s.key: s for s in SPECS}


def default(key: str):
    d = SPEC_BY_KEY[key].default
    if isinstance(d, tuple) and len(d) == 2 and isinstance(d[0], str):
        d = current_app.config.get(d[0], d[1])
    return list(d) if isinstance(d, tuple) else d


def get_setting(key: str):
    """The current value of a profile setting (the Setting row, else the default)."""
    row = db.session.get(Setting, key)
    return row.value if row is not None else default(key)


def all_settings() -> dict:
    rows = {s.key: s.value for s in db.session.scalars(db.select(Setting))}
    return {spec.key: rows.get(spec.key, default(spec.key)) for spec in SPECS}


def holidays() -> set[date]:
    """Extra days off the administrator listed (handling adds Swedish public holidays itself)."""
    return {date.fromisoformat(d) for d in get_setting("holidays")}


def add_working_days(start: date, days: int, extra_holidays: set[date] | None = None) -> date:
    """The date `days` working days after `start`, skipping weekends and the listed days off."""
    off = holidays() if extra_holidays is None else extra_holidays
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            left -= 1
    return current
