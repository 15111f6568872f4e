"""Proposal pages: list, page, write, preview, support, withdraw."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from ..accounts import participation
from ..admin.settings import get_setting
from ..errors import DomainError
from ..db import reads_first
from ..extensions import db, limiter
from ..profile.queries import all_districts, all_topics
from . import operations as ops
from . import queries as q
from .forms import EmptyForm, ProposalForm
from .models import PUBLIC_STATES, Proposal, ProposalState

bp = Blueprint("proposals", __name__, url_prefix="/proposals", template_folder="templates")


def _load(proposal_id: int) -> Proposal:
    """The proposal if this reader may see it, else 404."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.can_view(current_user):
        abort(404)
    return proposal


def _int_arg(name: str, default: int = 1) -> int:
    try:
        return max(1, min(int(request.args.get(name, default)), 10**6))
    except (TypeError, ValueError):
        return default


def _user_key() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


@bp.route("/")
def index():
    states = [s for s in ProposalState if s in PUBLIC_STATES]
    state = request.args.get("status") or None
    if state not in {s.value for s in states}:
        state = None
    districts, topics = all_districts(), all_topics()
    district = request.args.get("district") or None
    if district not in {d.slug for d in districts}:
        district = None
    topic = request.args.get("topic") or None
    if topic not in {t.slug for t in topics}:
        topic = None
    sort = request.args.get("sort", "newest")
    if sort not in q.SORTS:
        sort = "newest"
    page = q.list_page(state, district, topic, sort, _int_arg("page"), current_app.config["PAGE_SIZE"],
                       after=request.args.get("after"), before=request.args.get("before"))
    return render_template("proposals/index.html", page=page, states=states, districts=districts,
                           topics=topics, current={"status": state, "district": district,
                                                   "topic": topic, "sort": sort})


@bp.route("/<int:proposal_id>")
def show(proposal_id):
    proposal = _load(proposal_id)
    supported = bool(q.supported_ids(current_user, [proposal.id]))
    mode = get_setting("support_requires")
    refusal = None
    if current_user.is_authenticated and not supported and proposal.is_collecting:
        try:
            participation.check(current_user, "support")
        except DomainError as exc:
            refusal = exc.message
    named = q.named_supporters(proposal, 1, SUPPORTERS_ON_PAGE) \
        if proposal.published_at and proposal.shows_content_to(current_user) else None
    return render_template("proposals/show.html", proposal=proposal, supported=supported,
                           form=EmptyForm() if current_user.is_authenticated else None,
                           threshold=_threshold(proposal), verified_only=mode == "eid",
                           counted=ops.counts_toward_threshold(proposal, mode), support_refusal=refusal,
                           named=named)


SUPPORTERS_ON_PAGE = 20


@bp.route("/<int:proposal_id>/supporters")
def supporters(proposal_id):
    """The paginated public list of supporters who chose to be named."""
    proposal = _load(proposal_id)
    if not proposal.published_at or not proposal.shows_content_to(current_user):
        abort(404)
    named = q.named_supporters(proposal, _int_arg("page"), current_app.config["PAGE_SIZE"] * 5)
    return render_template("proposals/supporters.html", proposal=proposal, named=named)


def _threshold(proposal: Proposal) -> int:
    if proposal.support_threshold is not None:
        return proposal.support_threshold
    return int(get_setting("support_threshold"))


def _edit(proposal: Proposal | None):
    form = ProposalForm(obj=None, durations=tuple(get_setting("support_durations")))
    if proposal is not None and request.method == "GET":
        form.title.data, form.summary.data, form.body.data = proposal.title, proposal.summary, proposal.body
        form.district_id.data = str(proposal.district_id or "")
        form.topic_ids.data = [str(t.id) for t in proposal.topics]
        form.duration_months.data = str(proposal.duration_months)
        form.lang.data = proposal.lang or ""
    elif proposal is None and request.method == "GET":
        form.duration_months.data = str(tuple(get_setting("support_durations"))[0])
        form.form_token.data = secrets.token_urlsafe(24)
    if form.validate_on_submit():
        token = (form.form_token.data or "")[:64] or None
        proposal = ops.save_draft(current_user, form.data_for_save(), proposal, token=token)
        db.session.commit()
        if request.form.get("action") == "save":
            flash(_("Your draft is saved."), "success")
            return redirect(url_for("proposals.edit", proposal_id=proposal.id))
        return redirect(url_for("proposals.preview", proposal_id=proposal.id))
    similar = q.similar(form.title.data or "", exclude_id=proposal.id if proposal else None) \
        if form.title.data else []
    return render_template("proposals/form.html", form=form, proposal=proposal, similar=similar)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    return _edit(None)


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id):
    proposal = _load(proposal_id)
    if not proposal.can_edit(current_user):
        abort(403)
    return _edit(proposal)


@bp.route("/<int:proposal_id>/preview")
@login_required
def preview(proposal_id):
    proposal = _load(proposal_id)
    if not proposal.can_edit(current_user):
        abort(403)
    refusal = None
    try:
        participation.check(current_user, "submit")
    except DomainError as exc:
        refusal = exc.message
    return render_template("proposals/preview.html", proposal=proposal, form=EmptyForm(), submit_refusal=refusal,
                           similar=q.similar(proposal.title, exclude_id=proposal.id))


@bp.route("/<int:proposal_id>/submit", methods=["POST"])
@login_required
@limiter.limit("30/hour")
@limiter.limit("10/hour", key_func=_user_key)
def submit(proposal_id):
    proposal = _load(proposal_id)
    form = EmptyForm()
    if form.validate_on_submit():
        if proposal.state == ProposalState.SUBMITTED:  # a double click or a retried request
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
        ops.submit(proposal, current_user)
        db.session.commit()
        flash(_("Thank you! Your proposal has been sent to moderation. We will e-mail you when it "
                "is published."), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.route("/<int:proposal_id>/support", methods=["POST"])
@reads_first
@login_required
@limiter.limit("600/minute")
@limiter.limit("60/minute", key_func=_user_key)
def support(proposal_id):
    """The proposal is not loaded first: the write finds it, and only a refusal looks closer."""
    back = url_for("proposals.show", proposal_id=proposal_id) + "#support"
    if not EmptyForm().validate_on_submit():
        _load(proposal_id)  # a missing or hidden proposal is a 404, as before
        return redirect(back)
    thanks = _("Thank you for your support!")  # before the write: nothing reloads after it
    show = request.form.get("show", "count")
    alias = (request.form.get("alias") or "").strip()
    if show == "alias" and not alias:
        flash(_("Write the alias to show, or choose another option."), "error")
        return redirect(back)
    try:
        added = ops.support_id(proposal_id, current_user, shown=show in ("name", "alias"),
                               alias=alias if show == "alias" else None)
    except ops.NotCollecting:
        db.session.rollback()
        _load(proposal_id)  # 404 if it is not there for this reader; else the refusal's page
        raise
    db.session.commit()
    if added:
        flash(thanks, "success")
    return redirect(back)


@bp.route("/<int:proposal_id>/unsupport", methods=["POST"])
@login_required
def unsupport(proposal_id):
    proposal = _load(proposal_id)
    if EmptyForm().validate_on_submit():
        if ops.unsupport(proposal, current_user):
            flash(_("Your support has been taken back."), "success")
        db.session.commit()
    return redirect(url_for("proposals.show", proposal_id=proposal.id) + "#support")


@bp.route("/<int:proposal_id>/withdraw", methods=["POST"])
@login_required
def withdraw(proposal_id):
    proposal = _load(proposal_id)
    if EmptyForm().validate_on_submit():
        ops.withdraw(proposal, current_user)
        db.session.commit()
        flash(_("Your proposal has been withdrawn."), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.route("/similar")
def similar():
    """A fragment listing proposals with similar titles, for the form's live hint."""
    title = (request.args.get("title") or "")[:120]
    return render_template("proposals/_similar.html", similar=q.similar(title))
