"""Moderation: review before publication, reports after it, hiding and restoring, blocking accounts."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import User
from ..accounts.twofactor import permission_required
from ..extensions import db, limiter
from ..proposals.forms import EmptyForm
from ..proposals.models import Proposal
from ..proposals.queries import moderation_queue
from . import operations as ops
from . import queries as q
from .forms import BlockForm, ReasonChoiceForm, ReportForm
from .models import ModerationReason

bp = Blueprint("moderation", __name__, url_prefix="/moderation", template_folder="templates")


# Moderators (and administrators); a POST also needs a recent login (part of the permission).
moderator_required = permission_required(lambda user: user.can_moderate())
staff_action = moderator_required


@bp.route("/")
@moderator_required
def queue():
    return render_template("moderation/queue.html", proposals=moderation_queue(), reported=q.reported_proposals())


def _load(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    return proposal


def _reason(form) -> ModerationReason:
    reason = db.session.get(ModerationReason, form.reason_id.data)
    if reason is None:
        abort(400)
    return reason


def _review(proposal, reject_form=None, hide_form=None, status=200):
    reasons = q.reasons()
    return render_template("moderation/review.html", proposal=proposal, publish_form=EmptyForm(),
                           reject_form=reject_form or ReasonChoiceForm(reasons, prefix="reject"),
                           hide_form=hide_form or ReasonChoiceForm(reasons, prefix="hide"),
                           block_form=BlockForm(), similar=q.likely_duplicates(proposal),
                           open_reports=ops.open_reports("proposal", proposal.id)), status


@bp.route("/<int:proposal_id>")
@moderator_required
def review(proposal_id):
    return _review(_load(proposal_id))


@bp.route("/<int:proposal_id>/publish", methods=["POST"])
@staff_action
def publish(proposal_id):
    proposal = _load(proposal_id)
    if EmptyForm().validate_on_submit():
        ops.publish(proposal, current_user)
        db.session.commit()
        flash(_("The proposal is published."), "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/<int:proposal_id>/reject", methods=["POST"])
@staff_action
def reject(proposal_id):
    proposal = _load(proposal_id)
    form = ReasonChoiceForm(q.reasons(), prefix="reject")
    if form.validate_on_submit():
        ops.reject_with_reason(proposal, current_user, _reason(form), form.note.data or "")
        db.session.commit()
        flash(_("The proposal is rejected and the author has been told why."), "success")
        return redirect(url_for("moderation.queue"))
    return _review(proposal, reject_form=form, status=400)


@bp.route("/<int:proposal_id>/hide", methods=["POST"])
@staff_action
def hide(proposal_id):
    proposal = _load(proposal_id)
    form = ReasonChoiceForm(q.reasons(), prefix="hide")
    if form.validate_on_submit():
        ops.hide(proposal, current_user, _reason(form), form.note.data or "")
        db.session.commit()
        flash(_("The proposal is hidden and the author has been told why."), "success")
        return redirect(url_for("moderation.queue"))
    return _review(proposal, hide_form=form, status=400)


@bp.route("/<int:proposal_id>/restore", methods=["POST"])
@staff_action
def restore(proposal_id):
    proposal = _load(proposal_id)
    if EmptyForm().validate_on_submit():
        ops.restore(proposal, current_user)
        db.session.commit()
        flash(_("The proposal is shown again."), "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/users/<int:user_id>/block", methods=["POST"])
@staff_action
def block(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = BlockForm()
    if form.validate_on_submit():
        pending = ops.block(user, current_user, form.note.data or "")
        db.session.commit()
        flash(_("The account is blocked. Items still awaiting review: %(n)s.", n=pending), "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/users/<int:user_id>/unblock", methods=["POST"])
@staff_action
def unblock(user_id):
    user = db.session.get(User, user_id) or abort(404)
    if EmptyForm().validate_on_submit():
        ops.unblock(user, current_user)
        db.session.commit()
        flash(_("The account is unblocked."), "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/report/<content_type>/<int:content_id>", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def report(content_type, content_id):
    """Anyone can report published content; enough reports hide it until a moderator looks."""
    # The loaders return only public content that is not hidden: hidden content 404s here as everywhere.
    loader = ops.REPORTABLE.get(content_type)
    obj = loader(content_id) if loader else None
    if obj is None:
        abort(404)
    form = ReportForm(q.reasons())
    if form.validate_on_submit():
        ops.report(content_type, content_id, current_user if current_user.is_authenticated else None,
                   db.session.get(ModerationReason, form.reason_id.data), form.note.data or "")
        db.session.commit()
        flash(_("Thank you. A moderator will look at your report."), "success")
        endpoint, args = ops.REPORTED_PAGE[content_type](obj)
        return redirect(url_for(endpoint, **args))
    return render_template("moderation/report.html", form=form, obj=obj,
                           content_type=content_type), 400 if form.errors else 200
