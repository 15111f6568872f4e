"""Forms for running a dialogue and taking part in it."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, EmailField, HiddenField, IntegerField,
                     SelectField, SelectChoice, StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..profile.queries import all_boards, all_districts, all_topics
from ..proposals.forms import CheckboxList
from .models import DialogueKind, Level, TargetGroup
from .operations import LOCAL


class DialogueForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Write a title.")),
        Length(max=160, message=_l("The title can be at most %(max)d characters."))])
    description = TextAreaField(_l("Description"), validators=[
        DataRequired(_l("Describe the dialogue.")), Length(max=20000)],
        description=_l("What is the question, what can residents influence, and how. Markdown works."))
    board_ids = CheckboxList(_l("Organising boards"), coerce=str, validators=[
        InputRequired(_l("Choose at least one organising board."))],
        description=_l("A joint dialogue has several organising boards."))
    contact_name = StringField(_l("Contact person"), validators=[
        DataRequired(_l("Name a contact person.")), Length(max=100)])
    contact_email = EmailField(_l("Contact e-mail"), validators=[
        DataRequired(_l("Give the contact person’s e-mail address.")),
        Email(_l("Enter a valid e-mail address."), check_deliverability=False), Length(max=254)])
    kind = SelectField(_l("Kind of dialogue"), coerce=str, default=DialogueKind.CITIZEN.value,
                       description=_l("Citizen dialogue asks residents, user dialogue the users of a service, "
                                      "knowledge dialogue gathers knowledge for a decision."))
    level = SelectField(_l("Participation level"), coerce=str, validators=[InputRequired()])
    purpose_stated = BooleanField(_l("The description states the purpose and what residents can influence"))
    district_ids = CheckboxList(_l("Districts"), coerce=str, validators=[Optional()],
                                description=_l("Leave empty for a dialogue with the whole city."))
    topic_ids = CheckboxList(_l("Topics"), coerce=str, validators=[Optional()])
    target_groups = CheckboxList(_l("Target groups"), coerce=str, validators=[
        InputRequired(_l("Choose at least one target group."))])
    starts_on = DateField(_l("First day"), validators=[InputRequired(_l("Give the first day as YYYY-MM-DD."))],
                          description=_l("For example 2026-09-01."))
    ends_on = DateField(_l("Last day"), validators=[InputRequired(_l("Give the last day as YYYY-MM-DD."))],
                        description=_l("For example 2026-10-31."))
    feedback_due = DateField(_l("Feedback promised by"), validators=[Optional()],
                             description=_l("The date by which residents hear what became of their views. "
                                            "Leave empty for eight weeks after the last day."))
    overlap_checked = BooleanField(_l("I have checked the coordination overview for overlapping dialogues"))
    questions = TextAreaField(_l("Questions to residents"), validators=[Optional(), Length(max=5000)],
                              description=_l("One question per line."))
    premoderated = BooleanField(_l("A moderator reads contributions before they are published"), default=True,
                                description=_l("Without this, contributions are published at once and "
                                              "anyone can report one that breaks the rules."))
    overlap_ack = BooleanField(_l("I have seen the other dialogues and want to save anyway"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.board_ids.choices = [SelectChoice(str(b.id), b.name) for b in all_boards()]
        self.level.choices = [SelectChoice(lv.value, lv.label) for lv in Level]
        self.kind.choices = [SelectChoice(k.value, k.label) for k in DialogueKind]
        self.district_ids.choices = [SelectChoice(str(d.id), d.name) for d in all_districts()]
        self.topic_ids.choices = [SelectChoice(str(t.id), t.name) for t in all_topics()]
        self.target_groups.choices = [SelectChoice(g.value, g.label) for g in TargetGroup]

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_feedback_due(self, field):
        if field.data and self.ends_on.data and field.data < self.ends_on.data:
            raise ValidationError(_l("Feedback cannot be promised before the dialogue has ended."))

    def fill(self, d) -> None:
        self.title.data, self.description.data = d.title, d.description
        self.board_ids.data = [str(b.id) for b in d.boards]
        self.contact_name.data, self.contact_email.data = d.contact_name, d.contact_email
        self.level.data, self.kind.data = d.level.value, d.kind.value
        self.purpose_stated.data, self.overlap_checked.data = d.purpose_stated, d.overlap_checked
        self.feedback_due.data = d.feedback_due
        self.district_ids.data = [str(x.id) for x in d.districts]
        self.topic_ids.data = [str(t.id) for t in d.topics]
        self.target_groups.data = [g.value for g in d.target_groups]
        self.starts_on.data, self.ends_on.data = d.starts_on, d.ends_on
        self.questions.data = "\n".join(q.text for q in d.questions)
        self.premoderated.data = d.premoderated

    def data_for_save(self) -> dict:
        return {
            "title": self.title.data or "", "description": self.description.data or "",
            "board_ids": self.board_ids.data or [], "contact_name": self.contact_name.data or "",
            "contact_email": self.contact_email.data or "", "level": Level(self.level.data),
            "district_ids": self.district_ids.data or [], "topic_ids": self.topic_ids.data or [],
            "target_groups": self.target_groups.data or [],
            "starts_on": self.starts_on.data, "ends_on": self.ends_on.data,
            "questions": (self.questions.data or "").splitlines(),
            "premoderated": bool(self.premoderated.data),
            "kind": DialogueKind(self.kind.data or DialogueKind.CITIZEN.value), "feedback_due": self.feedback_due.data,
            "purpose_stated": bool(self.purpose_stated.data),
            "overlap_checked": bool(self.overlap_checked.data or self.overlap_ack.data),
        }


class FeedbackForm(FlaskForm):
    heard = TextAreaField(_l("What we heard"), validators=[
        DataRequired(_l("Summarise what residents said.")), Length(max=20000)],
        description=_l("A summary of the contributions and the meetings."))
    decided = TextAreaField(_l("What was decided"), validators=[
        DataRequired(_l("Write what was decided.")), Length(max=20000)])
    why = TextAreaField(_l("Why"), validators=[DataRequired(_l("Explain why.")), Length(max=20000)],
                        description=_l("Explain how the views were weighed, also where they were not followed."))
    board_id = SelectField(_l("Board responsible for what happens next"), coerce=str,
                           validators=[InputRequired(_l("Choose the board responsible for what happens next."))])

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.board_id.choices = [SelectChoice(str(b.id), b.name) for b in boards]


class ContributionForm(FlaskForm):
    body = TextAreaField(_l("Your contribution"), validators=[
        DataRequired(_l("Write your contribution.")),
        Length(max=5000, message=_l("The text can be at most %(max)d characters."))],
        description=_l("A moderator reads it before it is published."))
    question_id = HiddenField()
    parent_id = HiddenField()


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Write a title.")), Length(max=160)])
    place = StringField(_l("Place"), validators=[DataRequired(_l("Give the place.")), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("Give the start time."))])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M",
                                 validators=[InputRequired(_l("Give the end time."))])
    accessibility = TextAreaField(_l("Accessibility"), validators=[Optional(), Length(max=2000)],
                                  description=_l("Step-free access, hearing loop, interpreters, childcare …"))
    capacity = IntegerField(_l("Places"), validators=[
        InputRequired(_l("Give the number of places.")),
        NumberRange(min=1, max=100000, message=_l("Give a number of places from 1."))])

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The meeting must end after it starts."))

    def fill(self, m) -> None:
        self.title.data, self.place.data = m.title, m.place
        self.starts_at.data = m.starts_at.astimezone(LOCAL).replace(tzinfo=None)
        self.ends_at.data = m.ends_at.astimezone(LOCAL).replace(tzinfo=None)
        self.accessibility.data, self.capacity.data = m.accessibility, m.capacity

    def data_for_save(self) -> dict:
        def aware(dt: datetime) -> datetime:
            return dt.replace(tzinfo=LOCAL)
        return {"title": self.title.data or "", "place": self.place.data or "",
                "starts_at": aware(self.starts_at.data), "ends_at": aware(self.ends_at.data),
                "accessibility": self.accessibility.data or "", "capacity": self.capacity.data}


class LinkForm(FlaskForm):
    proposal_id = IntegerField(_l("Proposal number"), validators=[
        InputRequired(_l("Give the proposal’s number.")), NumberRange(min=1)])


class StateForm(FlaskForm):
    to = HiddenField(validators=[DataRequired()])
