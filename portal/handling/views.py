"""Board pages: inbox, triage queue, overview, case page and its actions."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..opendata.exports import to_csv
from ..profile.models import Board
from . import operations as ops
from . import permissions as perm
from . import queries as q
from ..admin.settings import get_setting
from . import followup
from .forms import (ApproveForm, ConsultationForm, DecisionForm, DeclineForm, EmptyForm, FollowUpForm,
                    MailPreferenceForm, NoteForm, StatementForm, SummaryForm, TriageForm)
from .models import Assignment, AssignmentState as A, Case, CaseState as C, FollowUpStatus, MailPreference, POINT_KINDS
from ..proposals.models import Outcome
from ..proposals.queries import supporter_names

bp = Blueprint("handling", __name__, url_prefix="/handling", template_folder="templates")


def _case(case_id: int) -> Case:
    case = q.case_for_page(case_id)
    if case is None:
        abort(404)
    if not perm.can_view_case(current_user, case):
        abort(403)
    return case


def _assignment(assignment_id: int) -> Assignment:
    a = db.session.get(Assignment, assignment_id)
    if a is None:
        abort(404)
    if not perm.can_act_on(current_user, a):
        abort(403)
    return a


def _back(case: Case, anchor: str = ""):
    return redirect(url_for("handling.case", case_id=case.id) + anchor)


@bp.route("/")
@login_required
def inbox():
    if not perm.can_use_inbox(current_user):
        abort(403)
    boards = q.all_boards() if perm.is_coordinator(current_user) else list(current_user.boards)
    chosen = request.args.get("board")
    selected = [b for b in boards if b.slug == chosen] or boards
    tab = request.args.get("tab", "all")
    if tab not in q.INBOX_TABS:
        tab = "all"
    rows, counts = q.inbox(current_user, [b.id for b in selected], tab, ops.today())
    return render_template("handling/inbox.html", rows=rows, counts=counts, tab=tab, boards=boards,
                           board=chosen if len(selected) == 1 and chosen else None, today=ops.today())


@bp.route("/triage")
@login_required
def triage_queue():
    if not perm.can_triage(current_user):
        abort(403)
    return render_template("handling/triage.html", cases=q.triage_queue())


@bp.route("/overview")
@login_required
def overview():
    if not perm.is_coordinator(current_user):
        abort(403)
    return render_template("handling/overview.html", rows=q.overdue_overview(ops.today()), today=ops.today())


def render_case(case: Case, status: int = 200, **forms):
    boards = q.all_boards()
    lead = case.lead
    n_crit = len(ops.criticisms(case))
    summary_form = forms.get("summary_form") or SummaryForm(
        formdata=None, data={"summary": case.summary or ops.generate_summary(case),
              "comments": [c["comment"] for c in case.criticism_comments] or [""] * n_crit})
    while len(summary_form.comments) < n_crit:
        summary_form.comments.append_entry("")
    defaults = {
        "triage_form": TriageForm(boards, prefix="triage", formdata=None),
        "decline_form": DeclineForm(boards, prefix="decline", formdata=None),
        "consultation_form": ConsultationForm(prefix="consultation", formdata=None, data={
            "deadline": ops.add_working_days(ops.today(), ops.deadline_setting("consultation_days"))}),
        "statement_form": None,
        "approve_form": ApproveForm(prefix="approve", formdata=None),
        "summary_form": summary_form,
        "decision_form": DecisionForm(prefix="decision", formdata=None),
        "note_form": NoteForm(prefix="note", formdata=None),
        "followup_form": FollowUpForm(prefix="followup", formdata=None),
    }
    defaults.update({k: v for k, v in forms.items() if v is not None})
    mine = [a for a in case.active_assignments if perm.can_act_on(current_user, a)]
    statement_forms = {}
    for a in mine:
        if not a.is_lead and case.state == C.CONSULTATION and a.state in (A.ACCEPTED, A.DRAFTED):
            f = forms.get("statement_form") if forms.get("statement_for") == a.id else None
            statement_forms[a.id] = f or StatementForm(prefix=f"statement{a.id}", formdata=None, data={
                k: "\n".join(a.point_list(k)) for k in POINT_KINDS})
    return render_template(
        "handling/case.html", case=case, lead=lead, reasons=q.routing_reasons(case), mine=mine,
        statement_forms=statement_forms, can_lead=perm.can_lead(current_user, case),
        can_triage=perm.can_triage(current_user) and case.state == C.TRIAGE,
        can_notes=perm.can_read_notes(current_user, case), can_compile=ops.can_compile(case),
        can_follow_up=followup.can_follow_up(current_user, case),
        criticism_fields=list(zip(ops.criticisms(case), defaults["summary_form"].comments)), empty=EmptyForm(), today=ops.today(), point_kinds=POINT_KINDS,
        **defaults), status


@bp.route("/cases/<int:case_id>")
@login_required
def case(case_id):
    return render_case(_case(case_id))


@bp.route("/cases/<int:case_id>/supporters.csv")
@login_required
def supporters_csv(case_id):
    """The supporters' names (never e-mail addresses) for the board's records."""
    case = _case(case_id)
    # The one CSV writer: every cell quoted, names that would start a formula neutralised (OWASP).
    rows = [{"name": name, "alias": alias, "shown_publicly": "yes" if shown else "no",
             "verified_e_legitimation": "yes" if verified else "no", "supported_at": at.isoformat()}
            for name, alias, shown, verified, at in supporter_names(case.proposal)]
    body = to_csv(rows, ["name", "alias", "shown_publicly", "verified_e_legitimation", "supported_at"])
    filename = f"supporters-{case.reference or case.id}.csv".replace(" ", "_")
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                                        "Cache-Control": "no-store"})


@bp.route("/cases/<int:case_id>/triage", methods=["POST"])
@login_required
def triage(case_id):
    case = _case(case_id)
    if not perm.can_triage(current_user):
        abort(403)
    form = TriageForm(q.all_boards(), prefix="triage")
    if not form.validate_on_submit():
        return render_case(case, 400, triage_form=form)
    ops.triage(case, current_user, [int(i) for i in form.boards.data], int(form.lead.data), form.reason.data or "")
    db.session.commit()
    flash(_("The case has been sent to the boards."), "success")
    return _back(case)


@bp.route("/assignments/<int:assignment_id>/accept", methods=["POST"])
@login_required
def accept(assignment_id):
    a = _assignment(assignment_id)
    if EmptyForm().validate_on_submit():
        ops.accept(a, current_user)
        db.session.commit()
        flash(_("Your board has accepted the case."), "success")
    return _back(a.case)


@bp.route("/assignments/<int:assignment_id>/decline", methods=["POST"])
@login_required
def decline(assignment_id):
    a = _assignment(assignment_id)
    form = DeclineForm(q.all_boards(), prefix="decline")
    if not form.validate_on_submit():
        return render_case(a.case, 400, decline_form=form)
    suggested = db.session.get(Board, int(form.suggested_board.data)) if form.suggested_board.data else None
    ops.decline(a, current_user, form.reason.data, suggested)
    db.session.commit()
    flash(_("Your board has declined the case."), "success")
    if perm.can_view_case(current_user, a.case):
        return _back(a.case)
    return redirect(url_for("handling.inbox"))


@bp.route("/cases/<int:case_id>/consultation", methods=["POST"])
@login_required
def consultation(case_id):
    case = _case(case_id)
    if not perm.can_lead(current_user, case):
        abort(403)
    form = ConsultationForm(prefix="consultation")
    if not form.validate_on_submit():
        return render_case(case, 400, consultation_form=form)
    ops.open_consultation(case, current_user, form.questions.data, form.deadline.data)
    db.session.commit()
    flash(_("The consultation is open."), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/remind", methods=["POST"])
@login_required
def remind(case_id):
    case = _case(case_id)
    if not perm.can_lead(current_user, case):
        abort(403)
    if EmptyForm().validate_on_submit():
        n = ops.remind(case, current_user)
        db.session.commit()
        flash(ngettext("%(num)s board has been reminded.", "%(num)s boards have been reminded.", n), "success")
    return _back(case)


@bp.route("/assignments/<int:assignment_id>/statement", methods=["POST"])
@login_required
def statement(assignment_id):
    a = _assignment(assignment_id)
    form = StatementForm(prefix=f"statement{a.id}")
    if not form.validate_on_submit():
        return render_case(a.case, 400, statement_form=form, statement_for=a.id)
    ops.save_statement(a, current_user, form.points())
    db.session.commit()
    flash(_("The statement is saved as a draft."), "success")
    return _back(a.case, f"#assignment-{a.id}")


@bp.route("/assignments/<int:assignment_id>/approve", methods=["POST"])
@login_required
def approve(assignment_id):
    a = _assignment(assignment_id)
    form = ApproveForm(prefix="approve")
    if not form.validate_on_submit():
        return render_case(a.case, 400, approve_form=form)
    try:
        ops.approve_statement(a, current_user, form.meeting_date.data, form.minute_ref.data)
    except ops.MeetingDateError as e:
        db.session.rollback()
        form.meeting_date.errors = [e.message]
        return render_case(a.case, 400, approve_form=form)
    db.session.commit()
    flash(_("The board’s approval is recorded."), "success")
    return _back(a.case, f"#assignment-{a.id}")


@bp.route("/assignments/<int:assignment_id>/send", methods=["POST"])
@login_required
def send(assignment_id):
    a = _assignment(assignment_id)
    if EmptyForm().validate_on_submit():
        ops.send_statement(a, current_user)
        db.session.commit()
        flash(_("The statement has been sent to the lead board."), "success")
    return _back(a.case, f"#assignment-{a.id}")


@bp.route("/cases/<int:case_id>/summary", methods=["POST"])
@login_required
def summary(case_id):
    case = _case(case_id)
    if not perm.can_lead(current_user, case):
        abort(403)
    form = SummaryForm(prefix="")
    if not form.validate_on_submit():
        return render_case(case, 400, summary_form=form)
    ops.save_summary(case, current_user, form.summary.data, [c.data or "" for c in form.comments])
    db.session.commit()
    flash(_("The consultation summary is saved."), "success")
    return _back(case, "#decision")


@bp.route("/cases/<int:case_id>/decision", methods=["POST"])
@login_required
def decision(case_id):
    case = _case(case_id)
    if not perm.can_lead(current_user, case):
        abort(403)
    form = DecisionForm(prefix="decision")
    if not form.validate_on_submit():
        return render_case(case, 400, decision_form=form)
    try:
        ops.decide(case, current_user, Outcome(form.outcome.data), form.reasoning.data, form.minute_ref.data,
                   form.meeting_date.data)
    except ops.MeetingDateError as e:
        db.session.rollback()
        form.meeting_date.errors = [e.message]
        return render_case(case, 400, decision_form=form)
    db.session.commit()
    flash(_("The decision is published."), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/follow-up", methods=["POST"])
@login_required
def follow_up(case_id):
    case = _case(case_id)
    if not followup.can_follow_up(current_user, case):
        abort(403)
    form = FollowUpForm(prefix="followup")
    valid = form.validate_on_submit()
    if valid and form.status.data == FollowUpStatus.STOPPED.value and not (form.reason.data or "").strip():
        form.reason.errors = [_("Give the reason why the work stopped.")]
        valid = False
    if not valid:
        return render_case(case, 400, followup_form=form)
    followup.publish_update(case, current_user, FollowUpStatus(form.status.data), form.body.data,
                            form.due_on.data, form.reason.data or "")
    db.session.commit()
    flash(_("The follow-up is published and the supporters are told."), "success")
    return _back(case, "#follow-up")


@bp.route("/follow-up")
@login_required
def follow_up_overview():
    """Coordinators: granted proposals per board whose follow-up is overdue or missing."""
    if not perm.is_coordinator(current_user):
        abort(403)
    return render_template("handling/follow_up_overview.html", rows=followup.overview(),
                           within=int(get_setting("follow_up_within_days")))


@bp.route("/cases/<int:case_id>/notes", methods=["POST"])
@login_required
def note(case_id):
    case = _case(case_id)
    if not perm.can_read_notes(current_user, case):
        abort(403)
    form = NoteForm(prefix="note")
    if not form.validate_on_submit():
        return render_case(case, 400, note_form=form)
    ops.add_note(case, current_user, form.body.data)
    db.session.commit()
    flash(_("The note is saved."), "success")
    return _back(case, "#notes")


@bp.route("/mail-preference", methods=["POST"])
@login_required
def mail_preference():
    form = MailPreferenceForm(prefix="mailpref")
    if form.validate_on_submit():
        ops.set_mail_preference(current_user, form.mode.data == "weekly", bool(form.comment_news.data))
        db.session.commit()
        flash(_("Your e-mail choice is saved."), "success")
    return redirect(url_for("accounts.settings"))


@bp.record_once
def _on_register(state) -> None:
    register_template_globals(state.app)


def register_template_globals(app) -> None:
    """The public handling section and the mail choice, for other packages' templates."""

    def handling_public(proposal):
        return q.public_case(proposal.id) if proposal.state.value in ("in_handling", "answered", "closed") else None

    def mail_preference_form():
        pref = db.session.get(MailPreference, current_user.id) if current_user.is_authenticated else None
        return MailPreferenceForm(prefix="mailpref", formdata=None, data={"mode": "weekly" if pref and pref.weekly_digest
                                                           else "immediate",
                                                           "comment_news": pref.comment_news if pref else True})

    def staff_can_view_case(case):
        return current_user.is_authenticated and current_user.is_staff and perm.can_view_case(current_user, case)

    app.jinja_env.globals.update(handling_public=handling_public, mail_preference_form=mail_preference_form,
                                 staff_can_view_case=staff_can_view_case,
                                 handling_reasons=q.routing_reasons)
