"""Profile settings: one accessor, values from the Setting table, defaults from config."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..extensions import db
from .models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: object
    kind: str          # "int", "ints" (comma-separated), "dates" (one ISO date a line), "choice", "bool",
                       # "text"
    default: object    # a value, (config key, fallback) when the configuration may set it, or PROFILE
    minimum: int = 0
    choices: tuple = ()  # for "choice": (value, label) pairs


PROFILE = "participation profile"  # the default comes from the shipped participation profile
REQUIREMENTS = (("email", _l("A confirmed e-mail address")), ("eid", _l("E-legitimation (BankID, Freja eID)")))


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
    SettingSpec("comments_premoderated", _l("Comments on proposals wait for a moderator before publication "
                                            "(1 = yes, 0 = published at once and reported afterwards)"), "int", 0),
    SettingSpec("comment_edit_minutes", _l("Minutes in which residents can edit their comment"), "int", 15),
    SettingSpec("attachments_max_files", _l("Files (documents and pictures) a proposal can carry"), "int", 3),
    SettingSpec("attachment_max_mb", _l("Largest file a resident can attach (MB)"), "int", 5, 1),
    SettingSpec("attachments_max_links", _l("Links a proposal can carry"), "int", 5),
    SettingSpec("follow_up_within_days", _l("Days after granting a proposal before missing follow-up is flagged"),
                "int", 30, 1),
    SettingSpec("retention_unconfirmed_days", _l("Days before an unconfirmed account is removed"), "int", 30, 1),
    SettingSpec("retention_mail_days", _l("Days before sent e-mails are removed from the outbox"), "int", 90, 1),
    SettingSpec("retention_report_days", _l("Days before the reporter is removed from a closed report"), "int", 180, 1),
    SettingSpec("retention_audit_address_days", _l("Days before the client address is removed from an audit log entry"),
                "int", 90, 1),
    # Who may take part (portal/eid): defaults from the shipped participation profile.
    SettingSpec("submit_requires", _l("Submitting a proposal requires"), "choice", PROFILE, choices=REQUIREMENTS),
    SettingSpec("support_requires", _l("Supporting a proposal requires"), "choice", PROFILE, choices=REQUIREMENTS),
    SettingSpec("minimum_age", _l("Minimum age to submit without a guardian's approval (0 = none; needs e-legitimation)"),
                "int", PROFILE),
    SettingSpec("residency_required", _l("Residence in the municipality is required where e-legitimation is"),
                "bool", PROFILE),
    SettingSpec("staff_eid_login", _l("Staff may log in with e-legitimation instead of the password"),
                "bool", PROFILE),
    # The accessibility statement (DOS-lagen); empty means the portal's own text in the reader's language.
    SettingSpec("accessibility_known_problems",
                _l("Accessibility statement: known problems (one a line; empty shows the portal's own list)"), "text", ""),
    SettingSpec("accessibility_assessed_on", _l("Accessibility statement: date of the latest assessment (YYYY-MM-DD)"),
                "text", ""),
    SettingSpec("accessibility_method", _l("Accessibility statement: how the assessment was made"), "text", ""),
]
SPEC_BY_KEY = {s.key: s for s in SPECS}


@lru_cache(maxsize=4)
def _profile(path: str) -> dict:
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def participation_profile() -> dict:
    """The shipped participation profile (Malmö), or the file PARTICIPATION_PROFILE names."""
    path = current_app.config.get("PARTICIPATION_PROFILE") or str(Path(__file__).resolve().parent.parent
                                                                  / "profile" / "participation.yaml")
    return _profile(path)


def default(key: str):
    d = SPEC_BY_KEY[key].default
    if d is PROFILE:
        return participation_profile()[key]
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
