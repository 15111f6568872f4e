"""Comment pages: write, reply, edit, delete; the moderators' queue of comments."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db, limiter
from ..moderation.forms import ReasonChoiceForm
from ..moderation.models import ModerationReason
from ..moderation.queries import reasons
from ..moderation.views import moderator_required
from ..proposals.forms import EmptyForm
from ..proposals.models import Proposal
from . import operations as ops
from . import queries as q
from .forms import CommentForm, EditForm, RejectForm
from .models import Comment

bp = Blueprint("comments", __name__, template_folder="templates")


def _back(proposal_id: int, anchor: str = "comments"):
    return redirect(url_for("proposals.show", proposal_id=proposal_id, _anchor=anchor))


def _comment(comment_id: int) -> Comment:
    c = db.session.get(Comment, comment_id)
    if c is None or not c.proposal.can_view(current_user):
        abort(404)
    return c


@bp.route("/proposals/<int:proposal_id>/comments", methods=["POST"])
@login_required
@limiter.limit("30/hour")
def add(proposal_id):
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.can_view(current_user) or not proposal.shows_content_to(current_user):
        abort(404)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errs in form.errors.values() for e in errs) or _("Write your comment."), "error")
        return _back(proposal.id)
    parent_id = int(form.parent_id.data) if (form.parent_id.data or "").isdigit() else None
    board_id = int(form.board_id.data) if (form.board_id.data or "").isdigit() else None
    c = ops.add_comment(proposal, current_user, form.body.data, parent_id=parent_id, board_id=board_id)
    db.session.commit()
    flash(_("Thank you! A moderator reads your comment before it is published.") if not c.is_public
          else _("Thank you! Your comment is published."), "success")
    return _back(proposal.id, f"comment-{c.id}")


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id):
    c = _comment(comment_id)
    if not ops.can_edit(c, current_user):
        flash(_("This comment can no longer be edited."), "error")
        return _back(c.proposal_id, f"comment-{c.id}")
    form = EditForm(data={"body": c.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        ops.edit_comment(c, current_user, form.body.data)
        db.session.commit()
        flash(_("Your comment is saved."), "success")
        return _back(c.proposal_id, f"comment-{c.id}")
    return render_template("comments/edit.html", comment=c, form=form), 400 if form.errors else 200


@bp.route("/comments/<int:comment_id>/delete", methods=["POST"])
@login_required
def delete(comment_id):
    c = _comment(comment_id)
    if EmptyForm().validate_on_submit():
        ops.delete_comment(c, current_user)
        db.session.commit()
        flash(_("Your comment is deleted."), "success")
    return _back(c.proposal_id)


# -- moderation ------------------------------------------------------------------------------

@bp.route("/moderation/comments")
@moderator_required
def moderation_queue():
    return render_template("comments/moderation.html", comments=q.moderation_queue(), reported=q.reported(),
                           reasons=reasons())


@bp.route("/moderation/comments/<int:comment_id>", methods=["POST"])
@moderator_required
def moderate(comment_id):
    c = db.session.get(Comment, comment_id) or abort(404)
    publish = request.form.get("action") == "publish"
    form = EmptyForm() if publish else RejectForm()
    if form.validate_on_submit():
        ops.moderate_comment(c, current_user, publish, "" if publish else form.reason.data)
        db.session.commit()
        flash(_("The comment is published.") if publish else _("The comment is rejected."), "success")
    else:
        flash(_("Give a reason for the rejection."), "error")
    return redirect(url_for("comments.moderation_queue"))


def _published(comment_id: int) -> Comment:
    c = db.session.get(Comment, comment_id)
    if c is None or not c.is_public:
        abort(404)
    return c


@bp.route("/moderation/comments/<int:comment_id>/hide", methods=["POST"])
@moderator_required
def hide(comment_id):
    c = _published(comment_id)
    form = ReasonChoiceForm(reasons(), prefix=f"hide{c.id}")
    if form.validate_on_submit():
        ops.hide_comment(c, current_user, db.session.get(ModerationReason, form.reason_id.data),
                         form.note.data or "")
        db.session.commit()
        flash(_("The comment is hidden and the author has been told why."), "success")
    else:
        flash(_("Choose a reason."), "error")
    return redirect(url_for("comments.moderation_queue", _anchor="reported"))


@bp.route("/moderation/comments/<int:comment_id>/restore", methods=["POST"])
@moderator_required
def restore(comment_id):
    c = _published(comment_id)
    if EmptyForm().validate_on_submit():
        ops.restore_comment(c, current_user)
        db.session.commit()
        flash(_("The comment is shown again."), "success")
    return redirect(url_for("comments.moderation_queue", _anchor="reported"))


@bp.record_once
def _on_register(state) -> None:
    def comment_section(proposal):
        """What the proposal page's comment section needs (a fixed number of queries)."""
        boards = ops.answering_boards(current_user, proposal) if current_user.is_authenticated else []
        form = CommentForm(formdata=None) if current_user.is_authenticated else None
        if form is not None:
            form.board_id.choices = [("", _("Myself"))] + [(str(b.id), b.name) for b in boards]
        return {"thread": q.thread(proposal, current_user), "open": ops.takes_comments(proposal), "form": form,
                "boards": boards, "can_edit": ops.can_edit, "can_delete": ops.can_delete,
                "premoderated": ops.premoderated()}

    state.app.jinja_env.globals.update(comment_section=comment_section)
