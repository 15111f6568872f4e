"""Forms for handling: triage, accept/decline, consultation, statements, summary, decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..proposals.forms import CheckboxList
from ..proposals.models import Outcome
from .models import FOLLOW_UP_LABELS, OUTCOME_LABELS, POINT_LABELS, FollowUpStatus


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons such as accept, send and remind."""


def _board_choices(boards, blank=None):
    choices = [SelectChoice(str(b.id), b.name) for b in boards]
    return ([SelectChoice("", blank)] if blank else []) + choices


class TriageForm(FlaskForm):
    boards = CheckboxList(_l("Boards that handle the case"), choices=[],
                          validators=[InputRequired(_l("Choose at least one board."))])
    lead = SelectField(_l("Lead board"), choices=[], validators=[DataRequired(_l("Choose a lead board."))])
    reason = TextAreaField(_l("Why these boards (optional)"), validators=[Optional(), Length(max=2000)])

    def __init__(self, boards, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.boards.choices = _board_choices(boards)
        self.lead.choices = _board_choices(boards, _l("Choose…"))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why does the case not belong to your board?"),
                           validators=[DataRequired(_l("Give a reason for declining.")), Length(max=2000)])
    suggested_board = SelectField(_l("Board that should handle it instead"), choices=[],
                                  validators=[Optional()])

    def __init__(self, boards, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested_board.choices = _board_choices(boards, _l("No suggestion"))


class ConsultationForm(FlaskForm):
    questions = TextAreaField(_l("Questions to the consulted boards"),
                              validators=[DataRequired(_l("Write the questions.")), Length(max=5000)])
    deadline = DateField(_l("Deadline for statements"),
                         validators=[InputRequired(_l("Give a deadline as a date."))])


class StatementForm(FlaskForm):
    positive = TextAreaField(POINT_LABELS["positive"], validators=[Optional(), Length(max=5000)],
                             description=_l("One point per line."))
    negative = TextAreaField(POINT_LABELS["negative"], validators=[Optional(), Length(max=5000)],
                             description=_l("One point per line."))
    consequences = TextAreaField(POINT_LABELS["consequences"], validators=[Optional(), Length(max=5000)],
                                 description=_l("One point per line."))
    suggestions = TextAreaField(POINT_LABELS["suggestions"], validators=[Optional(), Length(max=5000)],
                                description=_l("One point per line."))

    def points(self) -> dict[str, list[str]]:
        return {k: (getattr(self, k).data or "").splitlines()
                for k in ("positive", "negative", "consequences", "suggestions")}


class ApproveForm(FlaskForm):
    meeting_date = DateField(_l("Meeting date"), validators=[InputRequired(_l("Give the meeting date."))])
    minute_ref = StringField(_l("Minute reference"), description=_l("For example § 246."),
                             validators=[DataRequired(_l("Give the minute reference.")), Length(max=30)])


class SummaryForm(FlaskForm):
    summary = TextAreaField(_l("Consultation summary"), validators=[DataRequired(_l("Write the summary.")),
                                                                    Length(max=50000)],
                            description=_l("Generated from the statements; edit it as needed."))
    comments = FieldList(TextAreaField(_l("Your comment"), validators=[Optional(), Length(max=5000)]))


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), choices=[SelectChoice(o.value, OUTCOME_LABELS[o]) for o in Outcome],
                         validators=[InputRequired(_l("Choose the decision."))])
    reasoning = TextAreaField(_l("Reasoning"), validators=[DataRequired(_l("Give the reasoning.")),
                                                           Length(max=20000)])
    meeting_date = DateField(_l("Meeting date"), validators=[InputRequired(_l("Give the meeting date."))])
    minute_ref = StringField(_l("Minute reference"), description=_l("For example § 246."),
                             validators=[DataRequired(_l("Give the minute reference.")), Length(max=30)])


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Internal note"), description=_l("Only staff see notes, never the public."),
                         validators=[DataRequired(_l("Write a note.")), Length(max=5000)])


class MailPreferenceForm(FlaskForm):
    mode = RadioField(_l("E-mails about proposals you follow"),
                      choices=[SelectChoice("immediate", _l("At once, one e-mail per change")),
                               SelectChoice("weekly", _l("A weekly digest"))],
                      validators=[InputRequired()])
    comment_news = BooleanField(_l("Tell me about new comments on proposals I follow (in the weekly digest)"))


class FollowUpForm(FlaskForm):
    status = RadioField(_l("Where the work stands"), validators=[InputRequired(_l("Choose where the work stands."))],
                        choices=[SelectChoice(s.value, FOLLOW_UP_LABELS[s]) for s in FollowUpStatus])
    body = TextAreaField(_l("What will be done, or how the work is going"),
                         validators=[DataRequired(_l("Write what will be done or how the work is going.")),
                                     Length(max=10000)],
                         description=_l("Residents read this on the proposal’s page and in an e-mail."))
    due_on = DateField(_l("To be done by (optional)"), validators=[Optional()])
    reason = TextAreaField(_l("Why the work stopped (required when stopped)"), validators=[Optional(), Length(max=5000)])
