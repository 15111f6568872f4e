"""The verbs that change dialogues. They flush, never commit: the caller owns the transaction."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import Role, User
from ..audit import record
from ..db import utcnow
from ..errors import DomainError, NotConfirmed, PermissionDenied
from ..extensions import db
from ..markdown import render_markdown
from ..moderation import operations as mops
from ..moderation.models import ModerationReason
from ..outbox.operations import queue_email
from ..profile.models import Board, District, Topic
from ..proposals.models import PUBLIC_STATES, Proposal
from .models import (Contribution, ContributionState as C, Dialogue, DialogueKind, DialogueState as D,
                     Follower,
                     Meeting, Question, Signup, can_create_dialogue, can_moderate_contributions)
from .queries import participants

LOCAL = ZoneInfo("Europe/Stockholm")
# Feedback is promised this long after a dialogue ends unless the organiser sets another date.
FEEDBACK_WEEKS = 8


def _by_ids(model, ids) -> list:
    ids = [int(i) for i in ids or []]
    return list(db.session.scalars(select(model).where(model.id.in_(ids)))) if ids else []


def check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise DomainError(_l("The dialogue cannot end before it starts."))


def save_dialogue(actor: User, data: dict, dialogue: Dialogue | None = None) -> Dialogue:
    """Create or update a dialogue from validated form data."""
    if dialogue is None:
        if not can_create_dialogue(actor):
            raise PermissionDenied()
        dialogue = Dialogue(created_by_id=actor.id, state=D.PLANNED)
    elif not dialogue.can_manage(actor):
        raise PermissionDenied()
    if dialogue.state == D.CLOSED:
        raise DomainError(_l("A closed dialogue cannot be changed."))
    check_period(data["starts_on"], data["ends_on"])
    boards = _by_ids(Board, data["board_ids"])
    if not boards:
        raise DomainError(_l("Choose at least one organising board."))
    if not (actor.has_role(Role.COORDINATOR) or {b.id for b in actor.boards} & {b.id for b in boards}):
        raise DomainError(_l("One of the organising boards must be a board you work for."))
    for m in dialogue.meetings:
        _check_meeting_in_period(m.starts_at, m.ends_at, data["starts_on"], data["ends_on"])
    dialogue.title = data["title"].strip()
    dialogue.description = data["description"]
    dialogue.description_html = render_markdown(data["description"])
    dialogue.contact_name = data["contact_name"].strip()
    dialogue.contact_email = data["contact_email"].strip()
    dialogue.level = data["level"]
    dialogue.premoderated = bool(data.get("premoderated", True))
    dialogue.kind = DialogueKind(data.get("kind") or DialogueKind.CITIZEN)
    dialogue.starts_on, dialogue.ends_on = data["starts_on"], data["ends_on"]
    due = data.get("feedback_due") or data["ends_on"] + timedelta(weeks=FEEDBACK_WEEKS)
    if due < data["ends_on"]:
        raise DomainError(_l("Feedback cannot be promised before the dialogue has ended."))
    dialogue.feedback_due = due
    dialogue.purpose_stated = bool(data.get("purpose_stated"))
    dialogue.overlap_checked = bool(data.get("overlap_checked"))
    dialogue.boards = boards
    dialogue.districts = _by_ids(District, data["district_ids"])
    dialogue.topics = _by_ids(Topic, data["topic_ids"])
    dialogue.target_groups = data["target_groups"]
    _set_questions(dialogue, data["questions"])
    if dialogue.id is None:
        db.session.add(dialogue)
    db.session.flush()
    return dialogue


def _set_questions(dialogue: Dialogue, texts: list[str]) -> None:
    """Questions match by position; one with answers cannot be removed."""
    texts = [t.strip() for t in texts if t.strip()]
    existing = list(dialogue.questions)
    for pos, text in enumerate(texts):
        if pos < len(existing):
            existing[pos].text, existing[pos].position = text, pos
        else:
            dialogue.questions.append(Question(text=text, position=pos))
    removed = existing[len(texts):]
    if removed and dialogue.id is not None:
        answered = db.session.scalar(select(func.count(Contribution.id)).where(
            Contribution.question_id.in_([q.id for q in removed])))
        if answered:
            raise DomainError(_l("A question that residents have answered cannot be removed."))
    for q in removed:
        dialogue.questions.remove(q)


def change_state(dialogue: Dialogue, to: D, actor: User) -> None:
    """Move a dialogue to its next phase and tell its followers."""
    if not dialogue.can_manage(actor):
        raise PermissionDenied()
    if to == D.FEEDBACK_PUBLISHED:
        return publish_feedback(dialogue, actor)
    if to == D.CLOSED and not dialogue.feedback_public:
        raise DomainError(_l("Publish the feedback before the dialogue is closed."))
    before = {"state": dialogue.state}
    dialogue.transition(to, actor)
    record(actor, "dialogue.state", "dialogue", dialogue.id, before, {"state": dialogue.state})
    for user in _followers(dialogue):
        queue_email(user, "dialogue_phase", dialogue=dialogue)
    db.session.flush()


def save_feedback(dialogue: Dialogue, actor: User, data: dict) -> None:
    """Write or revise the feedback while the views are analysed."""
    if not dialogue.can_manage(actor):
        raise PermissionDenied()
    if dialogue.state != D.ANALYSING:
        raise DomainError(_l("Feedback is written while the views are analysed."))
    board = db.session.get(Board, int(data["board_id"])) if data.get("board_id") else None
    if board is None:
        raise DomainError(_l("Choose the board responsible for what happens next."))
    dialogue.feedback_heard = data["heard"].strip()
    dialogue.feedback_decided = data["decided"].strip()
    dialogue.feedback_why = data["why"].strip()
    dialogue.feedback_board = board
    db.session.flush()


def publish_feedback(dialogue: Dialogue, actor: User) -> None:
    """Publish the feedback; everyone who took part is told."""
    if not dialogue.can_manage(actor):
        raise PermissionDenied()
    if not dialogue.feedback_complete:
        raise DomainError(_l("Write what was heard, what was decided, why, and who is responsible "
                             "before publishing the feedback."))
    before = {"state": dialogue.state}
    dialogue.transition(D.FEEDBACK_PUBLISHED, actor)
    dialogue.feedback_published_at = utcnow()
    record(actor, "dialogue.publish_feedback", "dialogue", dialogue.id, before,
           {"state": dialogue.state, "heard": dialogue.feedback_heard, "decided": dialogue.feedback_decided,
            "why": dialogue.feedback_why, "board": dialogue.feedback_board})
    for user in participants(dialogue):
        queue_email(user, "dialogue_feedback", dialogue=dialogue)
    db.session.flush()


def _followers(dialogue: Dialogue) -> list[User]:
    return list(db.session.scalars(select(User).join(Follower, Follower.user_id == User.id)
                                   .where(Follower.dialogue_id == dialogue.id, User.active.is_(True))
                                   .order_by(User.id)))


def follow(dialogue: Dialogue, user: User) -> bool:
    """Follow a dialogue; following twice is a no-op. Returns True if added."""
    if not user.can_take_part():
        raise NotConfirmed()
    try:
        with db.session.begin_nested():
            db.session.add(Follower(dialogue_id=dialogue.id, user_id=user.id))
    except IntegrityError:
        return False
    return True


def unfollow(dialogue: Dialogue, user: User) -> bool:
    result = db.session.execute(Follower.__table__.delete().where(
        Follower.dialogue_id == dialogue.id, Follower.user_id == user.id))
    return bool(result.rowcount)


def contribute(dialogue: Dialogue, user: User, body: str, question_id: int | None = None,
               parent_id: int | None = None) -> Contribution:
    """An answer or a comment: waiting for moderation when the dialogue asks for it, else published
    at once (it can still be reported). Replies are one level deep."""
    if not user.can_take_part():
        raise NotConfirmed()
    if not dialogue.takes_contributions:
        raise DomainError(_l("This dialogue does not take contributions now."))
    if not body.strip():
        raise DomainError(_l("Write your contribution."))
    question = parent = None
    if question_id:
        question = db.session.get(Question, question_id)
        if question is None or question.dialogue_id != dialogue.id:
            raise DomainError(_l("That question does not belong to this dialogue."))
    if parent_id:
        parent = db.session.get(Contribution, parent_id)
        if (parent is None or parent.dialogue_id != dialogue.id or parent.parent_id is not None
                or parent.state != C.PUBLISHED):
            raise DomainError(_l("You can only reply to a published contribution, one level deep."))
        question = parent.question
    from ..i18n import detect_text_language
    c = Contribution(dialogue_id=dialogue.id, author_id=user.id, body=body.strip(), question=question,
                     parent_id=parent.id if parent else None, lang=detect_text_language(body),
                     state=C.PENDING if dialogue.premoderated else C.PUBLISHED)
    db.session.add(c)
    db.session.flush()
    return c


def moderate(contribution: Contribution, moderator: User, publish: bool, reason: str = "") -> None:
    """Publish a waiting contribution, or reject it with a reason."""
    if not can_moderate_contributions(moderator):
        raise PermissionDenied()
    if contribution.state != C.PENDING:
        raise DomainError(_l("This contribution has already been moderated."))
    if not publish and not reason.strip():
        raise DomainError(_l("Give a reason for the rejection."))
    before = {"state": contribution.state}
    contribution.state = C.PUBLISHED if publish else C.REJECTED
    contribution.rejection_reason = None if publish else reason.strip()
    contribution.moderated_at, contribution.moderated_by_id = utcnow(), moderator.id
    record(moderator, "contribution.publish" if publish else "contribution.reject", "contribution",
           contribution.id, before, {"state": contribution.state, "reason": contribution.rejection_reason,
                                     "dialogue": contribution.dialogue_id})
    db.session.flush()


def hide_contribution(contribution: Contribution, moderator: User, reason: ModerationReason,
                      note: str = "") -> None:
    """Hide a published contribution with a public reason; its open reports are closed."""
    if not can_moderate_contributions(moderator):
        raise PermissionDenied()
    mops.hide_content("contribution", contribution, moderator, reason, note)


def restore_contribution(contribution: Contribution, moderator: User) -> None:
    """Show a hidden contribution again; its open reports are closed."""
    if not can_moderate_contributions(moderator):
        raise PermissionDenied()
    mops.restore_content("contribution", contribution, moderator)


def _reportable_contribution(content_id: int) -> Contribution | None:
    c = db.session.get(Contribution, content_id)
    return c if c is not None and c.is_public and not c.hidden else None


mops.REPORTABLE["contribution"] = _reportable_contribution
mops.HIDDEN_MAIL["contribution"] = ("contribution_hidden", "contribution")
mops.REPORTED_PAGE["contribution"] = lambda c: ("dialogues.show", {"dialogue_id": c.dialogue_id,
                                                                   "_anchor": f"c{c.id}"})


def _check_meeting_in_period(starts_at: datetime, ends_at: datetime, first: date, last: date) -> None:
    if starts_at.astimezone(LOCAL).date() < first or ends_at.astimezone(LOCAL).date() > last:
        raise DomainError(_l("The meeting must take place within the dialogue’s period "
                             "(%(start)s – %(end)s).", start=first.isoformat(), end=last.isoformat()))


def save_meeting(dialogue: Dialogue, actor: User, data: dict, meeting: Meeting | None = None) -> Meeting:
    """Add or change a meeting; new meetings are announced to followers."""
    if not dialogue.can_manage(actor):
        raise PermissionDenied()
    if dialogue.state == D.CLOSED:
        raise DomainError(_l("A closed dialogue cannot be changed."))
    starts_at, ends_at = data["starts_at"], data["ends_at"]
    if ends_at <= starts_at:
        raise DomainError(_l("The meeting must end after it starts."))
    _check_meeting_in_period(starts_at, ends_at, dialogue.starts_on, dialogue.ends_on)
    capacity = int(data["capacity"])
    if capacity < 1:
        raise DomainError(_l("The capacity must be at least 1."))
    new = meeting is None
    if new:
        meeting = Meeting(dialogue=dialogue)
    elif capacity < len(meeting.confirmed):
        raise DomainError(_l("The capacity cannot be lower than the %(n)d people already signed up.",
                             n=len(meeting.confirmed)))
    meeting.title, meeting.place = data["title"].strip(), data["place"].strip()
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.accessibility = (data.get("accessibility") or "").strip()
    meeting.capacity = capacity
    if new:
        db.session.add(meeting)
    else:
        _promote_waiting(meeting)
    db.session.flush()
    if new:
        for user in _followers(dialogue):
            queue_email(user, "dialogue_meeting", dialogue=dialogue, meeting=meeting)
    return meeting


def sign_up(meeting: Meeting, user: User) -> Signup:
    """Take a place, or a place on the waiting list when the meeting is full."""
    if not user.can_take_part():
        raise NotConfirmed()
    if meeting.dialogue.state == D.CLOSED or meeting.starts_at <= utcnow():
        raise DomainError(_l("Sign-up for this meeting is closed."))
    existing = next((s for s in meeting.signups if s.user_id == user.id), None)
    if existing:
        return existing
    # Lock the meeting row (PostgreSQL) so two last-place sign-ups do not both get in.
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    taken = db.session.scalar(select(func.count(Signup.id)).where(
        Signup.meeting_id == meeting.id, Signup.waiting.is_(False)))
    signup = Signup(user_id=user.id, waiting=taken >= meeting.capacity)
    meeting.signups.append(signup)
    db.session.flush()
    return signup


def cancel_signup(meeting: Meeting, user: User) -> bool:
    """Give up a place; the first on the waiting list moves up."""
    signup = next((s for s in meeting.signups if s.user_id == user.id), None)
    if signup is None:
        return False
    meeting.signups.remove(signup)
    db.session.flush()
    _promote_waiting(meeting)
    db.session.flush()
    return True


def _promote_waiting(meeting: Meeting) -> None:
    free = meeting.capacity - len(meeting.confirmed)
    for s in meeting.waiting[:max(0, free)]:
        s.waiting = False
        queue_email(s.user, "dialogue_place", dialogue=meeting.dialogue, meeting=meeting)


def link_proposal(dialogue: Dialogue, actor: User, proposal_id: int) -> Proposal:
    """Link a public proposal (or decision) that came from the dialogue."""
    if not dialogue.can_manage(actor):
        raise PermissionDenied()
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.state not in PUBLIC_STATES:
        raise DomainError(_l("There is no public proposal with that number."))
    if proposal not in dialogue.proposals:
        dialogue.proposals.append(proposal)
    db.session.flush()
    return proposal


def unlink_proposal(dialogue: Dialogue, actor: User, proposal_id: int) -> None:
    if not dialogue.can_manage(actor):
        raise PermissionDenied()
    dialogue.proposals = [p for p in dialogue.proposals if p.id != proposal_id]
    db.session.flush()
