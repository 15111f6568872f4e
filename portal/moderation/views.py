"""A minimal moderation queue: publish or reject with a reason."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..proposals import operations as ops
from ..proposals.forms import EmptyForm, ReasonForm
from ..proposals.models import Proposal
from ..proposals.queries import moderation_queue, similar

bp = Blueprint("moderation", __name__, url_prefix="/moderation", template_folder="templates")


def moderator_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.can_moderate():
            abort(403)
        return view(*args, **kwargs)
    return wrapped


@bp.route("/")
@moderator_required
def queue():
    return render_template("moderation/queue.html", proposals=moderation_queue())


def _load_submitted(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    return proposal


@bp.route("/<int:proposal_id>")
@moderator_required
def review(proposal_id):
    proposal = _load_submitted(proposal_id)
    return render_template("moderation/review.html", proposal=proposal, publish_form=EmptyForm(),
                           reject_form=ReasonForm(), similar=similar(proposal.title, exclude_id=proposal.id))


@bp.route("/<int:proposal_id>/publish", methods=["POST"])
@moderator_required
def publish(proposal_id):
    proposal = _load_submitted(proposal_id)
    if EmptyForm().validate_on_submit():
        ops.publish(proposal, current_user)
        db.session.commit()
        flash(_("The proposal is published."), "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/<int:proposal_id>/reject", methods=["POST"])
@moderator_required
def reject(proposal_id):
    proposal = _load_submitted(proposal_id)
    form = ReasonForm()
    if form.validate_on_submit():
        ops.reject(proposal, current_user, form.reason.data)
        db.session.commit()
        flash(_("The proposal is rejected and the author has been told why."), "success")
        return redirect(url_for("moderation.queue"))
    return render_template("moderation/review.html", proposal=proposal, publish_form=EmptyForm(),
                           reject_form=form, similar=similar(proposal.title, exclude_id=proposal.id)), 400
