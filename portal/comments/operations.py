"""The verbs of comments: write, edit, delete, moderate, hide. They flush, never commit."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..admin.settings import get_setting
from ..audit import record
from ..db import utcnow
from ..errors import DomainError, NotConfirmed, PermissionDenied
from ..extensions import db
from ..handling.models import Assignment, AssignmentState, Case, MailPreference
from ..handling.permissions import can_act_for_board
from ..moderation import operations as mops
from ..moderation.models import ModerationReason
from ..outbox.operations import enqueue
from ..profile.models import Board
from ..proposals.models import Proposal, Support
from .models import OPEN_STATES, Comment, CommentState as C

MAX_LENGTH = 5000


def takes_comments(proposal: Proposal) -> bool:
    return proposal.state in OPEN_STATES and not proposal.hidden


def answering_boards(user, proposal: Proposal) -> list[Board]:
    """The boards handling the proposal that this user may answer for (officers, coordinators)."""
    if not (user and getattr(user, "is_authenticated", False) and user.is_staff):
        return []
    boards = db.session.scalars(
        select(Board).join(Assignment, Assignment.board_id == Board.id).join(Case, Case.id == Assignment.case_id)
        .where(Case.proposal_id == proposal.id, Assignment.state != AssignmentState.DECLINED)
        .order_by(Board.id)).all()
    return [b for b in boards if can_act_for_board(user, b.id)]


def premoderated() -> bool:
    """Whether the city holds residents' comments for a moderator before they are published."""
    return bool(int(get_setting("comments_premoderated")))


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Write your comment."))
    if len(body) > MAX_LENGTH:
        raise DomainError(_l("A comment can be at most %(max)d characters.", max=MAX_LENGTH))
    return body


def add_comment(proposal: Proposal, user: User, body: str, parent_id: int | None = None,
                board_id: int | None = None) -> Comment:
    """A comment or a reply (one level deep): waiting for a moderator when the city asks for it,
    else published at once (and reportable). An officer may answer as a board handling the proposal."""
    if not user.can_take_part():
        raise NotConfirmed()
    if not takes_comments(proposal):
        raise DomainError(_l("This proposal takes no new comments."))
    body = _clean(body)
    parent = None
    if parent_id:
        parent = db.session.get(Comment, parent_id)
        if (parent is None or parent.proposal_id != proposal.id or parent.parent_id is not None
                or not parent.is_public or parent.hidden or parent.is_deleted):
            raise DomainError(_l("You can only reply to a published comment, one level deep."))
    board = None
    if board_id:
        board = next((b for b in answering_boards(user, proposal) if b.id == board_id), None)
        if board is None:
            raise PermissionDenied()
    # Staff answering in their role are not held for moderation.
    held = premoderated() and board is None and not user.can_moderate()
    c = Comment(proposal_id=proposal.id, author_id=user.id, body=body, parent_id=parent.id if parent else None,
                board_id=board.id if board else None, state=C.PENDING if held else C.PUBLISHED)
    c.proposal, c.author = proposal, user
    db.session.add(c)
    db.session.flush()
    if c.is_public:
        _tell_followers(c)
    return c


def can_edit(comment: Comment, user, now=None) -> bool:
    """The author, within the edit window, while the proposal takes comments."""
    if not (user and getattr(user, "is_authenticated", False) and user.id == comment.author_id):
        return False
    if comment.is_deleted or comment.hidden or comment.state == C.REJECTED or not takes_comments(comment.proposal):
        return False
    window = timedelta(minutes=int(get_setting("comment_edit_minutes")))
    return (now or utcnow()) - comment.created_at <= window


def can_delete(comment: Comment, user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.id == comment.author_id
                and not comment.is_deleted)


def edit_comment(comment: Comment, user: User, body: str) -> None:
    if not can_edit(comment, user):
        raise DomainError(_l("This comment can no longer be edited."))
    body = _clean(body)
    if body != comment.body:
        comment.body, comment.edited_at = body, utcnow()
    db.session.flush()


def delete_comment(comment: Comment, user: User) -> None:
    """The author deletes a comment: the text is erased, replies to it stay, the page says it was deleted."""
    if not can_delete(comment, user):
        raise PermissionDenied()
    erase(comment)
    db.session.flush()


def erase(comment: Comment) -> None:
    comment.body, comment.deleted_at = "", utcnow()


def moderate_comment(comment: Comment, moderator: User, publish: bool, reason: str = "") -> None:
    """Publish a waiting comment, or reject it with a reason."""
    if not moderator.can_moderate():
        raise PermissionDenied()
    if comment.state != C.PENDING:
        raise DomainError(_l("This comment has already been moderated."))
    if not publish and not reason.strip():
        raise DomainError(_l("Give a reason for the rejection."))
    before = {"state": comment.state}
    comment.state = C.PUBLISHED if publish else C.REJECTED
    comment.rejection_reason = None if publish else reason.strip()
    comment.moderated_at, comment.moderated_by_id = utcnow(), moderator.id
    record(moderator, "comment.publish" if publish else "comment.reject", "comment", comment.id, before,
           {"state": comment.state, "reason": comment.rejection_reason, "proposal": comment.proposal_id})
    if publish:
        _tell_followers(comment)
    db.session.flush()


def hide_comment(comment: Comment, moderator: User, reason: ModerationReason, note: str = "") -> None:
    mops.hide_content("comment", comment, moderator, reason, note)


def restore_comment(comment: Comment, moderator: User) -> None:
    mops.restore_content("comment", comment, moderator)


def _tell_followers(comment: Comment) -> None:
    """A line in the weekly digest of the proposal's author and supporters who want comment news
    (everyone unless they said no); never one e-mail per comment."""
    proposal_id = comment.proposal_id
    followers = select(Support.user_id).where(Support.proposal_id == proposal_id)
    rows = db.session.execute(
        select(User.id).outerjoin(MailPreference, MailPreference.user_id == User.id)
        .where((User.id == comment.proposal.author_id) | User.id.in_(followers),
               User.id != comment.author_id, User.active.is_(True), User.deleted_at.is_(None),
               MailPreference.comment_news.is_not(False))
        .order_by(User.id)).scalars()
    for uid in rows:
        enqueue("digest", {"user_id": uid, "proposal_id": proposal_id, "template": "proposal_comment"})


def _reportable(content_id: int) -> Comment | None:
    c = db.session.get(Comment, content_id)
    return c if (c is not None and c.is_public and not c.is_deleted and c.proposal.is_public
                 and not c.proposal.hidden) else None


mops.REPORTABLE["comment"] = _reportable
mops.HIDDEN_MAIL["comment"] = ("comment_hidden", "comment")
mops.REPORTED_PAGE["comment"] = lambda c: ("proposals.show", {"proposal_id": c.proposal_id, "_anchor": f"comment-{c.id}"})
