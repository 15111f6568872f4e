"""Forms of the e-legitimation pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

PURPOSES = ("login", "link", "reauth")


class StartForm(FlaskForm):
    """A button that starts an e-legitimation at one broker."""

    purpose = HiddenField(validators=[AnyOf(PURPOSES)], default="login")
    next = HiddenField(validators=[Optional(), Length(max=500)])


class WelcomeForm(FlaskForm):
    display_name = StringField(_l("Name or alias shown with what you write"),
                               validators=[DataRequired(_l("Write a name or an alias.")), Length(max=60)])
