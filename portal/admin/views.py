"""Administration pages under /admin (administrators only, checked on every route)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

import routing

from ..accounts.models import Role, User
from ..accounts.twofactor import permission_required
from ..audit import queries as audit_queries
from ..extensions import db
from ..handling.history import evaluate, history_imports, stored_history
from ..handling.learning import learned
from ..moderation.models import ModerationReason
from ..profile.models import Board, District, Topic
from ..profile.operations import active_ruleset
from ..profile.queries import all_districts, all_topics
from ..proposals.forms import EmptyForm
from . import operations as ops
from . import queries as q
from .forms import (AuditSearchForm, BoardForm, DistrictForm, NamesForm, PeopleSearchForm, PersonForm, ReasonForm,
                    RuleSetForm, SuggestionsForm, settings_form_class)
from .models import RuleSetVersion
from .settings import SPECS, all_settings

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

ROLE_LABELS = {Role.MODERATOR: _l("Moderator"), Role.OFFICER: _l("Board officer"),
               Role.COORDINATOR: _l("Coordinator (city office)"), Role.REPRESENTATIVE: _l("Elected representative"),
               Role.ADMIN: _l("Administrator")}


# Administrators only; a POST also needs a recent login (part of the permission).
admin_required = permission_required(lambda user: user.can_administer())


def _get(model, obj_id):
    if obj_id is None:
        return None
    return db.session.get(model, obj_id) or abort(404)


@bp.route("/")
@admin_required
def index():
    return render_template("admin/index.html")


# -- boards ----------------------------------------------------------------------------------

@bp.route("/boards")
@admin_required
def boards():
    return render_template("admin/boards.html", rows=q.boards_with_officers())


@bp.route("/boards/new", methods=["GET", "POST"], defaults={"board_id": None})
@bp.route("/boards/<int:board_id>", methods=["GET", "POST"])
@admin_required
def board(board_id):
    board = _get(Board, board_id)
    form = BoardForm()
    if request.method == "GET" and board is not None:
        form.slug.data, form.inbox_email.data = board.slug, board.inbox_email
        form.name_sv.data, form.name_en.data, form.name_ar.data = (board.names.get(k) for k in ("sv", "en", "ar"))
        form.officers.data = "\n".join(u.email for u in ops._members(board))
    if form.validate_on_submit():
        ops.save_board(current_user, board, form.slug.data, form.names(), form.inbox_email.data,
                       (form.officers.data or "").split())
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.boards"))
    return render_template("admin/edit.html", form=form, title=board.name if board else _("New board"),
                           back=url_for("admin.boards"))


# -- people ----------------------------------------------------------------------------------

@bp.route("/people")
@admin_required
def people():
    form = PeopleSearchForm(request.args)
    return render_template("admin/people.html", form=form, people=q.people(form.q.data if form.validate() else None),
                           role_labels=ROLE_LABELS)


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@admin_required
def person(user_id):
    person = _get(User, user_id)
    form = PersonForm()
    form.roles.choices = [(r.value, ROLE_LABELS[r]) for r in Role]
    form.boards.choices = [(str(b.id), b.name) for b, _o in q.boards_with_officers()]
    if request.method == "GET":
        form.roles.data = [r.value for r in person.roles]
        form.boards.data = [str(b.id) for b in person.boards]
    if form.validate_on_submit():
        ops.set_roles(current_user, person, {Role(r) for r in form.roles.data or []},
                      {int(b) for b in form.boards.data or []})
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.people"))
    return render_template("admin/person.html", form=form, person=person, reset_form=EmptyForm())


@bp.route("/people/<int:user_id>/reset-two-factor", methods=["POST"])
@admin_required
def reset_two_factor(user_id):
    person = _get(User, user_id)
    if EmptyForm().validate_on_submit():
        ops.reset_two_factor(current_user, person)
        db.session.commit()
        flash(_("Two-step login is reset. The person sets it up again at the next login."), "success")
    return redirect(url_for("admin.person", user_id=person.id))


# -- districts, topics, reasons ----------------------------------------------------------------

@bp.route("/districts")
@admin_required
def districts():
    return render_template("admin/list.html", title=_("Districts"), new=url_for("admin.district"),
                           rows=[(d.name, d.slug, url_for("admin.district", district_id=d.id)) for d in all_districts()])


@bp.route("/districts/new", methods=["GET", "POST"], defaults={"district_id": None})
@bp.route("/districts/<int:district_id>", methods=["GET", "POST"])
@admin_required
def district(district_id):
    district = _get(District, district_id)
    form = DistrictForm()
    if request.method == "GET" and district is not None:
        form.slug.data, form.name.data = district.slug, district.swedish_name
        form.name_en.data, form.name_ar.data = ((district.names or {}).get(k) for k in ("en", "ar"))
    if form.validate_on_submit():
        ops.save_district(current_user, district, form.slug.data, form.name.data.strip(), form.other_names())
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.districts"))
    return render_template("admin/edit.html", form=form, title=district.name if district else _("New district"),
                           back=url_for("admin.districts"))


def _names_into(form, obj):
    if request.method == "GET" and obj is not None:
        form.slug.data = obj.slug
        form.name_sv.data, form.name_en.data, form.name_ar.data = (obj.names.get(k) for k in ("sv", "en", "ar"))


@bp.route("/topics")
@admin_required
def topics():
    return render_template("admin/list.html", title=_("Topics"), new=url_for("admin.topic"),
                           rows=[(t.name, t.slug, url_for("admin.topic", topic_id=t.id)) for t in all_topics()])


@bp.route("/topics/new", methods=["GET", "POST"], defaults={"topic_id": None})
@bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
@admin_required
def topic(topic_id):
    topic = _get(Topic, topic_id)
    form = NamesForm()
    _names_into(form, topic)
    if form.validate_on_submit():
        ops.save_topic(current_user, topic, form.slug.data, form.names())
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.topics"))
    return render_template("admin/edit.html", form=form, title=topic.name if topic else _("New topic"),
                           back=url_for("admin.topics"))


@bp.route("/reasons")
@admin_required
def reasons():
    from ..moderation.queries import reasons as all_reasons
    return render_template("admin/list.html", title=_("Moderation reasons"), new=url_for("admin.reason"),
                           rows=[(r.name + ("" if r.active else " (" + _("not in use") + ")"), r.slug,
                                  url_for("admin.reason", reason_id=r.id)) for r in all_reasons(active_only=False)])


@bp.route("/reasons/new", methods=["GET", "POST"], defaults={"reason_id": None})
@bp.route("/reasons/<int:reason_id>", methods=["GET", "POST"])
@admin_required
def reason(reason_id):
    reason = _get(ModerationReason, reason_id)
    form = ReasonForm()
    _names_into(form, reason)
    if request.method == "GET":
        form.active.data = reason.active if reason else True
    if form.validate_on_submit():
        ops.save_reason(current_user, reason, form.slug.data, form.names(), bool(form.active.data))
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.reasons"))
    return render_template("admin/edit.html", form=form, title=reason.name if reason else _("New reason"),
                           back=url_for("admin.reasons"))


# -- settings --------------------------------------------------------------------------------

def _to_form(spec, value):
    if spec.kind == "ints":
        return ", ".join(str(v) for v in value)
    if spec.kind == "dates":
        return "\n".join(value)
    return value


def _from_form(spec, raw):
    if spec.kind == "ints":
        return [int(v) for v in raw.replace(" ", "").split(",") if v]
    if spec.kind == "dates":
        return sorted({line.strip() for line in (raw or "").split() if line.strip()})
    if spec.kind == "text":
        return (raw or "").strip()
    if spec.kind == "bool":
        return bool(raw)
    if spec.kind == "choice" or raw is None:
        return raw
    return int(raw)


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    form = settings_form_class(SPECS)()
    if request.method == "GET":
        for spec in SPECS:
            getattr(form, spec.key).data = _to_form(spec, all_settings()[spec.key])
    if form.validate_on_submit():
        values = {s.key: _from_form(s, getattr(form, s.key).data) for s in SPECS}
        changed = ops.save_settings(current_user, {k: v for k, v in values.items() if v is not None})
        db.session.commit()
        flash(_("Saved.") if changed else _("Nothing was changed."), "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/edit.html", form=form, title=_("Settings"), back=url_for("admin.index"))


# -- rule sets -------------------------------------------------------------------------------

def _active_text() -> str:
    row = db.session.scalar(db.select(RuleSetVersion).order_by(RuleSetVersion.id.desc()).limit(1))
    if row is not None:
        return row.text
    from importlib import resources
    return resources.files("routing").joinpath("rulesets/malmo.yaml").read_text(encoding="utf-8")


@bp.route("/rulesets", methods=["GET", "POST"])
@admin_required
def rulesets():
    form = RuleSetForm()
    problems, changes, routed, draft = [], None, 0, None
    if request.method == "GET":
        form.text.data = _active_text()
    if form.validate_on_submit():
        text = form.text.data or ""
        if form.upload.data:
            text = form.upload.data.read().decode("utf-8", errors="replace")
            form.text.data = text
        action = request.form.get("action", "validate")
        try:
            parsed = ops.check_ruleset(text)
        except routing.RuleSetError as exc:
            problems = exc.problems
        else:
            if action == "activate":
                activated = ops.activate_ruleset(current_user, text)
                db.session.commit()
                flash(_("Rule set %(version)s is active.", version=activated.version), "success")
                return redirect(url_for("admin.rulesets"))
            if action == "dry-run":
                draft = parsed
                routed, changes = ops.dry_run(draft, active_ruleset(), form.sample.data or 200)
            else:
                flash(_("The rule set is valid."), "success")
    return _rulesets_page(form, problems, changes, routed, draft)


@bp.route("/rulesets/suggestions", methods=["POST"])
@admin_required
def ruleset_suggestions():
    """Put the chosen suggested words into a draft and run it dry; nothing is stored until activated."""
    form = RuleSetForm(formdata=None)
    form.text.data = _active_text()
    picks = SuggestionsForm()
    active = active_ruleset()
    picks.picks.choices = learned(active).choices()
    if not picks.validate_on_submit():
        return _rulesets_page(form, [], None, 0, None, picks=picks)
    chosen = [tuple(v.split(":", 1)) for v in picks.picks.data]
    try:
        text = ops.add_suggested_rules(form.text.data, chosen, active.settings.min_score)
        draft = ops.check_ruleset(text)
    except routing.RuleSetError as exc:
        return _rulesets_page(form, exc.problems, None, 0, None, picks=picks)
    form.text.data = text
    routed, changes = ops.dry_run(draft, active, form.sample.data or 200)
    flash(_("The chosen words are in the draft below as new rules. Read the dry run, edit the draft if needed, "
            "and activate it as a new version."), "info")
    return _rulesets_page(form, [], changes, routed, draft, picks=picks)


def _rulesets_page(form, problems, changes, routed, draft, picks=None):
    active = active_ruleset()
    offered = learned(active)
    if picks is None:
        picks = SuggestionsForm(formdata=None)
        picks.picks.choices = offered.choices()
    scores = None
    if offered.score is not None:  # the draft is routed over the history only when a person asks for it
        scores = (offered.score, evaluate(draft, stored_history()) if draft is not None else None)
    locale = str(get_locale() or "sv")
    names = {slug: b.name.get(locale) or b.name.get("sv") or slug for slug, b in active.boards.items()}
    status = 400 if problems or picks.errors else 200
    return render_template("admin/rulesets.html", form=form, problems=problems, changes=changes, routed=routed,
                           versions=q.ruleset_versions(), active_version=active.version, picks=picks,
                           learned=offered, scores=scores, board_names=names, imports=history_imports(5)), status


# -- audit log -------------------------------------------------------------------------------

def _audit_search():
    form = AuditSearchForm(request.args)
    ok = form.validate()
    stmt = audit_queries.search(form.action.data if ok else None, form.actor.data if ok else None,
                                form.day_from.data if ok else None, form.day_to.data if ok else None)
    filters = {k: request.args[k] for k in ("action", "actor", "day_from", "day_to") if request.args.get(k) and ok}
    return form, stmt, filters


@bp.route("/audit")
@admin_required
def audit():
    form, stmt, filters = _audit_search()
    try:
        page_no = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page_no = 1
    from ..audit import present
    return render_template("admin/audit.html", form=form, page=q.audit_page(stmt, page_no), filters=filters,
                           board_names=q.board_names(), present=present)


@bp.route("/audit.csv")
@admin_required
def audit_csv():
    from flask import Response

    from ..audit.present import csv_rows
    from ..opendata.exports import to_csv
    _form, stmt, _filters = _audit_search()
    rows = list(csv_rows(q.audit_entries(stmt), q.board_names()))
    fields = ["when", "who", "who_email", "client_address", "action", "what", "object", "object_id", "changes",
              "before", "after"]
    return Response(to_csv(rows, fields), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit-log.csv"})
