"""Administrators' forms for glossary terms and guide sections (every text in sv, en and ar)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .models import LANGS

LANG_NAMES = {"sv": _l("Swedish"), "en": _l("English"), "ar": _l("Arabic")}


class TermForm(FlaskForm):
    """Term, definition and example in each language."""


class SectionForm(FlaskForm):
    """Title and body of a guide section in each language."""


for _lang in LANGS:
    _name = LANG_NAMES[_lang]
    setattr(TermForm, f"term_{_lang}", StringField(_l("Term (%(lang)s)", lang=_name),
                                                   validators=[DataRequired(_l("Write the term.")), Length(max=160)]))
    setattr(TermForm, f"definition_{_lang}", TextAreaField(_l("Definition (%(lang)s)", lang=_name),
                                                           validators=[DataRequired(_l("Write the definition.")),
                                                                       Length(max=5000)]))
    setattr(TermForm, f"example_{_lang}", TextAreaField(_l("Example (%(lang)s)", lang=_name),
                                                        validators=[Optional(), Length(max=5000)]))
for _lang in LANGS:
    _name = LANG_NAMES[_lang]
    setattr(SectionForm, f"title_{_lang}", StringField(_l("Title (%(lang)s)", lang=_name),
                                                       validators=[DataRequired(_l("Write the title.")),
                                                                   Length(max=200)]))
    setattr(SectionForm, f"body_{_lang}", TextAreaField(
        _l("Text (%(lang)s)", lang=_name), validators=[DataRequired(_l("Write the text.")), Length(max=20000)],
        description=_l("Markdown works.")))
