"""Forms for writing a proposal."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l, lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..profile.queries import all_districts, all_topics


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Write a title.")),
        Length(max=120, message=_l("The title can be at most %(max)d characters."))],
        description=_l("At most 120 characters. Say what you propose."))
    summary = TextAreaField(_l("Short summary"), validators=[
        DataRequired(_l("Write a short summary.")),
        Length(max=300, message=_l("The summary can be at most %(max)d characters."))],
        description=_l("One or two sentences, at most 300 characters."))
    body = TextAreaField(_l("Your proposal"), validators=[
        DataRequired(_l("Describe your proposal.")),
        Length(max=20000, message=_l("The text can be at most %(max)d characters."))],
        description=_l("Describe the problem and your idea. You can use Markdown: *italic*, "
                       "**bold**, lists with -, links."))
    district_id = SelectField(_l("District (optional)"), coerce=str, validators=[Optional()],
                              validate_choice=True)
    topic_ids = CheckboxList(_l("Topics"), coerce=str, validators=[
        InputRequired(_l("Choose at least one topic."))])
    duration_months = RadioField(_l("How long should it collect support?"), coerce=str,
                                 validators=[InputRequired(_l("Choose how long it should collect support."))])

    lang = SelectField(_l("The language your text is written in"), coerce=str, validators=[Optional()],
                       choices=[SelectChoice("", _l("Let the portal recognise it")),
                                SelectChoice("sv", "Svenska"), SelectChoice("en", "English"),
                                SelectChoice("ar", "العربية")],
                       description=_l("So that screen readers read it aloud in the right language."))

    form_token = HiddenField()

    def __init__(self, *args, durations=(3, 6, 9, 12), **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = [SelectChoice("", _l("No particular district"))] + [
            SelectChoice(str(d.id), d.name) for d in all_districts()]
        self.topic_ids.choices = [SelectChoice(str(t.id), t.name) for t in all_topics()]
        self.duration_months.choices = [SelectChoice(str(m), lazy_ngettext("%(num)d month", "%(num)d months", m)) for m in durations]

    def data_for_save(self) -> dict:
        return {
            "title": self.title.data or "",
            "summary": self.summary.data or "",
            "body": self.body.data or "",
            "district_id": int(self.district_id.data) if self.district_id.data else None,
            "topic_ids": self.topic_ids.data or [],
            "duration_months": int(self.duration_months.data or 3),
            "lang": self.lang.data or None,
        }


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason for rejection"), validators=[
        DataRequired(_l("Give a reason for the rejection.")), Length(max=2000)])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state."""
