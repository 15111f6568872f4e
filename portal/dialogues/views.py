"""Dialogue pages: public list and page, taking part, running a dialogue, coordination, districts."""
from __future__ import annotations

from datetime import date

from flask import (Blueprint, Response, abort, flash, redirect, render_template, request, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.twofactor import permission_required
from ..db import utcnow
from ..extensions import db, limiter
from ..moderation.forms import ReasonChoiceForm
from ..moderation.models import ModerationReason
from ..moderation.queries import reasons
from ..profile.models import District
from ..profile.queries import all_boards, all_districts
from ..proposals.forms import EmptyForm, ReasonForm
from ..proposals.queries import paginate
from . import operations as ops
from . import queries as q
from .forms import ContributionForm, DialogueForm, FeedbackForm, LinkForm, MeetingForm
from .ical import dialogue_ics, meeting_ics
from .models import (Contribution, Dialogue, DialogueKind, DialogueState, Level, Meeting, TRANSITIONS, can_coordinate,
                     can_create_dialogue, can_moderate_contributions)

bp = Blueprint("dialogues", __name__, template_folder="templates")
# Moderating contributions is moderation: the same permission, recent login included.
contribution_moderator_required = permission_required(can_moderate_contributions)


@bp.app_template_global()
def related_dialogues(proposal):
    """The dialogues about the same topic and district as a proposal (for the proposal page)."""
    return q.related_to_proposal(proposal)


bp.add_app_template_global(can_create_dialogue)
bp.add_app_template_global(can_coordinate)


@bp.app_template_global()
def dialogue_level_label(code: str) -> str:
    """A participation level's name from its code (search hits carry the code)."""
    try:
        return Level(code).label
    except ValueError:
        return code


def _load(dialogue_id: int) -> Dialogue:
    dialogue = q.dialogue_page(dialogue_id)
    if dialogue is None:
        abort(404)
    return dialogue


def _load_managed(dialogue_id: int) -> Dialogue:
    dialogue = _load(dialogue_id)
    if not dialogue.can_manage(current_user):
        abort(403)
    return dialogue


def _load_meeting(dialogue: Dialogue, meeting_id: int) -> Meeting:
    meeting = next((m for m in dialogue.meetings if m.id == meeting_id), None)
    if meeting is None:
        abort(404)
    return meeting


def _filters() -> tuple[dict, dict]:
    """Validated list filters from the query string, and the choices for the filter form."""
    choices = {"states": list(DialogueState), "levels": list(Level), "districts": all_districts(),
               "boards": all_boards(), "kinds": list(DialogueKind)}
    allowed = {
        "status": {s.value for s in DialogueState}, "level": {lv.value for lv in Level},
        "kind": {k.value for k in DialogueKind},
        "district": {d.slug for d in choices["districts"]}, "board": {b.slug for b in choices["boards"]},
    }
    return {k: (request.args.get(k) if request.args.get(k) in v else None) for k, v in allowed.items()}, choices


def _page_arg() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 10**6))
    except (TypeError, ValueError):
        return 1


@bp.route("/dialogues/")
def index():
    f, choices = _filters()
    page = paginate(q.filtered(f["status"], f["level"], f["district"], f["board"], f["kind"]), _page_arg(), 20)
    return render_template("dialogues/index.html", page=page, current=f, **choices)


@bp.route("/dialogues/<int:dialogue_id>")
def show(dialogue_id):
    dialogue = _load(dialogue_id)
    manage = dialogue.can_manage(current_user)
    # Forms carry a CSRF token in the session: anonymous readers get none, so their page can be cached.
    signed_in = current_user.is_authenticated
    contribution_form = ContributionForm() if signed_in else None
    if contribution_form is not None and not dialogue.premoderated:
        contribution_form.body.description = _("Your contribution is published at once. Anyone can report "
                                               "a contribution that breaks the rules.")
    return render_template(
        "dialogues/show.html", dialogue=dialogue, manage=manage, form=EmptyForm() if signed_in else None,
        contribution_form=contribution_form, contributions=q.published_contributions(dialogue),
        following=q.is_following(dialogue, current_user), next_states=sorted(TRANSITIONS[dialogue.state]),
        overlaps=q.overlaps_of(dialogue) if manage and dialogue.state != DialogueState.CLOSED else [],
        link_form=LinkForm() if manage else None)


def _edit(dialogue: Dialogue | None):
    form = DialogueForm()
    if dialogue is not None and request.method == "GET":
        form.fill(dialogue)
    found = []
    if form.validate_on_submit():
        data = form.data_for_save()
        found = q.overlaps(data["starts_on"], data["ends_on"], data["district_ids"], data["target_groups"],
                           data["topic_ids"], exclude_id=dialogue.id if dialogue else None)
        if not found or form.overlap_ack.data:
            dialogue = ops.save_dialogue(current_user, data, dialogue)
            db.session.commit()
            flash(_("The dialogue is saved."), "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))
    return render_template("dialogues/form.html", form=form, dialogue=dialogue, overlaps=found,
                           levels=list(Level))


@bp.route("/dialogues/new", methods=["GET", "POST"])
@login_required
def new():
    if not can_create_dialogue(current_user):
        abort(403)
    return _edit(None)


@bp.route("/dialogues/<int:dialogue_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dialogue_id):
    return _edit(_load_managed(dialogue_id))


@bp.route("/dialogues/<int:dialogue_id>/state", methods=["POST"])
@login_required
def change_state(dialogue_id):
    dialogue = _load_managed(dialogue_id)
    if EmptyForm().validate_on_submit():
        try:
            to = DialogueState(request.form.get("to", ""))
        except ValueError:
            abort(400)
        ops.change_state(dialogue, to, current_user)
        db.session.commit()
        flash(_("The dialogue is now: %(state)s.", state=dialogue.state.label), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))


@bp.route("/dialogues/<int:dialogue_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(dialogue_id):
    dialogue = _load_managed(dialogue_id)
    form = FeedbackForm(boards=all_boards())
    if request.method == "GET":
        form.heard.data, form.decided.data = dialogue.feedback_heard, dialogue.feedback_decided
        form.why.data = dialogue.feedback_why
        form.board_id.data = str(dialogue.feedback_board_id or "")
    if form.validate_on_submit():
        ops.save_feedback(dialogue, current_user, {"heard": form.heard.data, "decided": form.decided.data,
                                                  "why": form.why.data, "board_id": form.board_id.data})
        db.session.commit()
        flash(_("The feedback is saved. Publish it when it is ready."), "success")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#manage")
    return render_template("dialogues/feedback.html", dialogue=dialogue, form=form)


@bp.route("/dialogues/<int:dialogue_id>/follow", methods=["POST"])
@login_required
def follow(dialogue_id):
    dialogue = _load(dialogue_id)
    if EmptyForm().validate_on_submit():
        if ops.follow(dialogue, current_user):
            flash(_("You follow this dialogue. We will e-mail you about new phases, meetings and feedback."),
                  "success")
        db.session.commit()
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))


@bp.route("/dialogues/<int:dialogue_id>/unfollow", methods=["POST"])
@login_required
def unfollow(dialogue_id):
    dialogue = _load(dialogue_id)
    if EmptyForm().validate_on_submit():
        if ops.unfollow(dialogue, current_user):
            flash(_("You no longer follow this dialogue."), "success")
        db.session.commit()
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        abort(400)


@bp.route("/dialogues/<int:dialogue_id>/contribute", methods=["POST"])
@login_required
@limiter.limit("30/hour")
def contribute(dialogue_id):
    dialogue = _load(dialogue_id)
    form = ContributionForm()
    if form.validate_on_submit():
        c = ops.contribute(dialogue, current_user, form.body.data, _int_or_none(form.question_id.data),
                           _int_or_none(form.parent_id.data))
        db.session.commit()
        flash(_("Thank you! A moderator reads your contribution before it is published.") if c.state.value == "pending"
              else _("Thank you! Your contribution is published."), "success")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#take-part")
    flash(_("Write your contribution."), "error")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#take-part")


def _meeting_form(dialogue: Dialogue, meeting: Meeting | None):
    form = MeetingForm()
    if meeting is not None and request.method == "GET":
        form.fill(meeting)
    if form.validate_on_submit():
        ops.save_meeting(dialogue, current_user, form.data_for_save(), meeting)
        db.session.commit()
        flash(_("The meeting is saved."), "success")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#meetings")
    return render_template("dialogues/meeting_form.html", dialogue=dialogue, meeting=meeting, form=form)


@bp.route("/dialogues/<int:dialogue_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting(dialogue_id):
    return _meeting_form(_load_managed(dialogue_id), None)


@bp.route("/dialogues/<int:dialogue_id>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(dialogue_id, meeting_id):
    dialogue = _load_managed(dialogue_id)
    return _meeting_form(dialogue, _load_meeting(dialogue, meeting_id))


@bp.route("/dialogues/<int:dialogue_id>/meetings/<int:meeting_id>/signup", methods=["POST"])
@login_required
def sign_up(dialogue_id, meeting_id):
    dialogue = _load(dialogue_id)
    meeting = _load_meeting(dialogue, meeting_id)
    if EmptyForm().validate_on_submit():
        signup = ops.sign_up(meeting, current_user)
        db.session.commit()
        flash(_("You are on the waiting list. We will keep your place in line.") if signup.waiting
              else _("You are signed up for the meeting."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#meetings")


@bp.route("/dialogues/<int:dialogue_id>/meetings/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def cancel_signup(dialogue_id, meeting_id):
    dialogue = _load(dialogue_id)
    meeting = _load_meeting(dialogue, meeting_id)
    if EmptyForm().validate_on_submit():
        if ops.cancel_signup(meeting, current_user):
            flash(_("Your sign-up is cancelled."), "success")
        db.session.commit()
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#meetings")


def _ics(body: bytes, name: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/dialogues/<int:dialogue_id>/meetings/<int:meeting_id>.ics")
def meeting_calendar(dialogue_id, meeting_id):
    dialogue = _load(dialogue_id)
    return _ics(meeting_ics(_load_meeting(dialogue, meeting_id)), f"meeting-{meeting_id}.ics")


@bp.route("/dialogues/<int:dialogue_id>/calendar.ics")
def calendar_feed(dialogue_id):
    return _ics(dialogue_ics(_load(dialogue_id)), f"dialogue-{dialogue_id}.ics")


@bp.route("/dialogues/<int:dialogue_id>/links", methods=["POST"])
@login_required
def link(dialogue_id):
    dialogue = _load_managed(dialogue_id)
    form = LinkForm()
    if form.validate_on_submit():
        ops.link_proposal(dialogue, current_user, form.proposal_id.data)
        db.session.commit()
        flash(_("The proposal is linked to the dialogue."), "success")
    else:
        flash(_("Give the proposal’s number."), "error")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#links")


@bp.route("/dialogues/<int:dialogue_id>/links/<int:proposal_id>/remove", methods=["POST"])
@login_required
def unlink(dialogue_id, proposal_id):
    dialogue = _load_managed(dialogue_id)
    if EmptyForm().validate_on_submit():
        ops.unlink_proposal(dialogue, current_user, proposal_id)
        db.session.commit()
        flash(_("The link is removed."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#links")


@bp.route("/dialogues/coordination")
@login_required
def coordination():
    if not can_coordinate(current_user):
        abort(403)
    f, choices = _filters()
    today = utcnow().astimezone(ops.LOCAL).date()
    try:
        year, month = (int(x) for x in request.args.get("month", "").split("-"))
        date(year, month, 1)
    except (TypeError, ValueError):
        year, month = today.year, today.month
    dialogues = list(db.session.scalars(
        q.for_coordination(f["status"], f["level"], f["district"], f["board"], f["kind"])))
    return render_template("dialogues/coordination.html", current=f, cal=q.month_calendar(year, month, dialogues),
                           groups=q.grouped_by_district(dialogues), total=len(dialogues), today=today,
                           **choices)


@bp.route("/dialogues/moderation")
@contribution_moderator_required
def moderation_queue():
    return render_template("dialogues/moderation.html", contributions=q.moderation_queue(),
                           reported=q.reported_contributions(), reasons=reasons(),
                           form=EmptyForm(), reject_form=ReasonForm())


@bp.route("/dialogues/moderation/<int:contribution_id>", methods=["POST"])
@contribution_moderator_required
def moderate(contribution_id):
    contribution = db.session.get(Contribution, contribution_id) or abort(404)
    publish = request.form.get("action") == "publish"
    form = EmptyForm() if publish else ReasonForm()
    if form.validate_on_submit():
        ops.moderate(contribution, current_user, publish, "" if publish else form.reason.data)
        db.session.commit()
        flash(_("The contribution is published.") if publish else _("The contribution is rejected."), "success")
    else:
        flash(_("Give a reason for the rejection."), "error")
    return redirect(url_for("dialogues.moderation_queue"))


def _load_published_contribution(contribution_id: int) -> Contribution:
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or not contribution.is_public:
        abort(404)
    return contribution


@bp.route("/dialogues/moderation/<int:contribution_id>/hide", methods=["POST"])
@contribution_moderator_required
def hide_contribution(contribution_id):
    contribution = _load_published_contribution(contribution_id)
    form = ReasonChoiceForm(reasons(), prefix=f"hide{contribution.id}")
    if form.validate_on_submit():
        ops.hide_contribution(contribution, current_user, db.session.get(ModerationReason, form.reason_id.data),
                              form.note.data or "")
        db.session.commit()
        flash(_("The contribution is hidden and the author has been told why."), "success")
    else:
        flash(_("Choose a reason."), "error")
    return redirect(url_for("dialogues.moderation_queue") + "#reported")


@bp.route("/dialogues/moderation/<int:contribution_id>/restore", methods=["POST"])
@contribution_moderator_required
def restore_contribution(contribution_id):
    contribution = _load_published_contribution(contribution_id)
    if EmptyForm().validate_on_submit():
        ops.restore_contribution(contribution, current_user)
        db.session.commit()
        flash(_("The contribution is shown again."), "success")
    return redirect(url_for("dialogues.moderation_queue") + "#reported")


@bp.route("/districts/<slug>")
def district(slug):
    place = db.session.scalar(select(District).where(District.slug == slug))
    if place is None:
        abort(404)
    return render_template("dialogues/district.html", district=place, **q.in_district(place))
