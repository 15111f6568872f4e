"""Moderation forms: a reason from the administrator's list plus an optional note."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ReasonChoiceForm(FlaskForm):
    reason_id = RadioField(_l("Reason"), coerce=int, validators=[DataRequired(_l("Choose a reason."))])
    note = TextAreaField(_l("Note to the author (optional)"), validators=[Optional(), Length(max=2000)])

    def __init__(self, reasons, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_id.choices = [(r.id, r.name) for r in reasons]


class ReportForm(FlaskForm):
    reason_id = RadioField(_l("What is wrong?"), coerce=int, validators=[DataRequired(_l("Choose a reason."))])
    note = TextAreaField(_l("Tell us more (optional)"), validators=[Optional(), Length(max=2000)])

    def __init__(self, reasons, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_id.choices = [(r.id, r.name) for r in reasons]


class BlockForm(FlaskForm):
    note = TextAreaField(_l("Why is the account blocked? (kept in the audit log)"),
                         validators=[Optional(), Length(max=2000)])
