"""Forms for attaching files and links."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class FileForm(FlaskForm):
    file = FileField(_l("File"), description=_l("A PDF document or a JPEG, PNG or WebP picture."))
    alt_text = TextAreaField(_l("Describe the picture (required for pictures)"), validators=[Optional(), Length(max=300)],
                             description=_l("People who cannot see the picture hear this text read aloud. Say "
                                            "what the picture shows that matters for your proposal, for example "
                                            "“The crossing at Oxievägen, with no traffic lights”."))


class LinkForm(FlaskForm):
    url = StringField(_l("Web address"), validators=[DataRequired(_l("Give a web address.")), Length(max=2000)],
                      description=_l("Starts with https://"))
    title = StringField(_l("What the link is (optional)"), validators=[Optional(), Length(max=200)])
