"""The form for a new API token."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ..proposals.forms import CheckboxList
from .operations import scopes_for


class TokenForm(FlaskForm):
    name = StringField(_l("Name of the token"), validators=[
        DataRequired(_l("Give the token a name.")),
        Length(max=60, message=_l("The name can be at most %(max)d characters."))],
        description=_l("For example the name of the app that will use it."))
    scopes = CheckboxList(_l("What may the token do?"), coerce=str, validators=[
        InputRequired(_l("Choose at least one permission."))])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [SelectChoice(k, v) for k, v in scopes_for(user).items()] if user else []
