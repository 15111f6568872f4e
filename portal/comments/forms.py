"""Forms for comments."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .operations import MAX_LENGTH


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Write your comment.")),
        Length(max=MAX_LENGTH, message=_l("A comment can be at most %(max)d characters."))])
    parent_id = HiddenField()
    board_id = SelectField(_l("Answer as"), coerce=str, validators=[Optional()], validate_choice=False)


class EditForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Write your comment.")),
        Length(max=MAX_LENGTH, message=_l("A comment can be at most %(max)d characters."))])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for rejection"), validators=[
        DataRequired(_l("Give a reason for the rejection.")), Length(max=2000)])
