"""Administration forms."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, EmailField, IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import (DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp,
                                ValidationError)

from ..proposals.forms import CheckboxList

SLUG = Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters, digits and hyphens."))


class NamesForm(FlaskForm):
    slug = StringField(_l("Short name in addresses (slug)"), validators=[DataRequired(_l("Write a slug.")),
                                                                         Length(max=60), SLUG])
    name_sv = StringField(_l("Name in Swedish"), validators=[DataRequired(_l("Write the Swedish name.")), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=200)])

    def names(self) -> dict:
        return {k: v for k, v in (("sv", self.name_sv.data), ("en", self.name_en.data),
                                  ("ar", self.name_ar.data)) if v and v.strip()}


class BoardForm(NamesForm):
    inbox_email = EmailField(_l("Inbox e-mail address"), validators=[
        Optional(), Email(message=_l("Write a valid e-mail address, like name@example.se."),
                          check_deliverability=False), Length(max=254)])
    officers = TextAreaField(_l("Officers (one e-mail address a line)"), validators=[Optional()])


class ReasonForm(NamesForm):
    active = BooleanField(_l("Moderators can choose this reason"))


class DistrictForm(FlaskForm):
    slug = StringField(_l("Short name in addresses (slug)"), validators=[DataRequired(_l("Write a slug.")),
                                                                         Length(max=60), SLUG])
    name = StringField(_l("Name in Swedish"), validators=[DataRequired(_l("Write the Swedish name.")), Length(max=100)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=100)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=100)])

    def other_names(self) -> dict:
        return {k: v.strip() for k, v in (("en", self.name_en.data), ("ar", self.name_ar.data)) if v and v.strip()}


class PersonForm(FlaskForm):
    roles = CheckboxList(_l("Roles"), choices=[])
    boards = CheckboxList(_l("Boards"), choices=[])


class PeopleSearchForm(FlaskForm):
    class Meta:
        csrf = False
    q = StringField(_l("Name or e-mail address"), validators=[Optional(), Length(max=100)])


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False
    action = StringField(_l("Action"), validators=[Optional(), Length(max=60)])
    actor = StringField(_l("Who (name or e-mail address)"), validators=[Optional(), Length(max=100)])
    day_from = DateField(_l("From date"), validators=[Optional()])
    day_to = DateField(_l("To date"), validators=[Optional()])


class RuleSetForm(FlaskForm):
    text = TextAreaField(_l("Rule set (YAML)"), validators=[Optional()])
    upload = FileField(_l("Or upload a YAML file"))
    sample = IntegerField(_l("Dry run: how many of the latest proposals"), default=200,
                          validators=[Optional(), NumberRange(min=1, max=5000)])


def settings_form_class(specs):
    from .settings import PROFILE

    """A form with one field per setting spec."""
    attrs = {}
    for spec in specs:
        if spec.kind == "int":
            # Participation settings came later: a form sent without them keeps the current value.
            first = Optional() if spec.default is PROFILE else InputRequired(_l("Write a number."))
            attrs[spec.key] = IntegerField(spec.label, validators=[
                first,
                NumberRange(min=spec.minimum, message=_l("Write a number of at least %(min)s."))])
        elif spec.kind == "ints":
            attrs[spec.key] = StringField(spec.label, validators=[DataRequired(_l("Write a number.")),
                                                                   Regexp(r"^\s*\d+(\s*,\s*\d+)*\s*$",
                                                                          message=_l("Write numbers separated by commas."))])
        elif spec.kind == "choice":
            # Optional: a form sent without the choice (an older client) keeps the current value.
            attrs[spec.key] = RadioField(spec.label, choices=[SelectChoice(v, label) for v, label in spec.choices],
                                         validators=[Optional()])
        elif spec.kind == "bool":
            description = ""
            if spec.key == "residency_required":  # say up front why it cannot be switched on
                from ..eid.residency import why_unavailable
                description = why_unavailable() or ""
            attrs[spec.key] = BooleanField(spec.label, description=description)
        else:
            attrs[spec.key] = TextAreaField(spec.label, validators=[Optional()])

    def validate_holidays(form, field):
        for line in (field.data or "").split():
            try:
                date.fromisoformat(line.strip())
            except ValueError:
                raise ValidationError(_l("“%(value)s” is not a date like 2026-12-24.", value=line)) from None
    attrs["validate_holidays"] = validate_holidays

    def validate_residency_required(form, field):
        from ..eid.residency import why_unavailable
        reason = why_unavailable() if field.data else None
        if reason is not None:
            raise ValidationError(_l("Residency cannot be required yet. %(reason)s", reason=reason))
    attrs["validate_residency_required"] = validate_residency_required
    def validate_accessibility_assessed_on(form, field):
        if (field.data or "").strip():
            try:
                date.fromisoformat(field.data.strip())
            except ValueError:
                raise ValidationError(_l("“%(value)s” is not a date like 2026-12-24.", value=field.data)) from None
    attrs["validate_accessibility_assessed_on"] = validate_accessibility_assessed_on
    return type("SettingsForm", (FlaskForm,), attrs)


class SuggestionsForm(FlaskForm):
    """Suggested words to add to a draft rule set; the choices are the suggestions shown."""
    picks = CheckboxList(_l("Suggested words"), choices=[],
                         validators=[DataRequired(_l("Choose at least one word."))])
