"""Privacy forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password, to confirm"), validators=[DataRequired(_l("Write your password."))])


class AccessibilityReportForm(FlaskForm):
    page = StringField(_l("Which page or function?"), validators=[Optional(), Length(max=300)])
    problem = TextAreaField(_l("Describe the problem"), validators=[DataRequired(_l("Describe the problem.")),
                                                                    Length(max=4000)])
    email = EmailField(_l("Your e-mail address, if you want an answer (optional)"), validators=[
        Optional(), Email(message=_l("Write a valid e-mail address, like name@example.se."),
                          check_deliverability=False), Length(max=254)])
