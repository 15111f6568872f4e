"""Privacy page, cookie and accessibility statements, and a resident's own data."""
from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

from flask import Blueprint, Response, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _, get_locale
from flask_login import current_user, login_required, logout_user

from ..admin.settings import get_setting
from ..extensions import db, limiter
from ..outbox.operations import queue_email
from ..proposals.forms import EmptyForm
from . import operations as ops
from .forms import AccessibilityReportForm, DeleteAccountForm

bp = Blueprint("privacy", __name__, template_folder="templates")
# When the portal's own accessibility assessment was last made (the administrator can set a newer one).
STATEMENT_DATE = date(2026, 12, 4)


@bp.route("/privacy")
def privacy():
    return render_template("privacy/privacy.html", address_days=get_setting("retention_audit_address_days"))


@bp.route("/cookies")
def cookies():
    return render_template("privacy/cookies.html", device_days=current_app.config["LOGIN_DEVICE_DAYS"])


@bp.route("/accessibility", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
def accessibility():
    form = AccessibilityReportForm()
    if form.validate_on_submit():
        to = SimpleNamespace(email=current_app.config["ACCESSIBILITY_EMAIL"], locale="sv", display_name="")
        queue_email(to, "accessibility_report", page=form.page.data, problem=form.problem.data,
                    reply_to=form.email.data, lang=str(get_locale()))
        db.session.commit()
        flash(_("Thank you. Your report has been sent to the people who handle accessibility."), "success")
        return redirect(url_for("privacy.accessibility"))
    known = [line.strip() for line in get_setting("accessibility_known_problems").splitlines() if line.strip()]
    assessed = get_setting("accessibility_assessed_on")
    return render_template("privacy/accessibility.html", form=form, known_problems=known,
                           assessed_on=date.fromisoformat(assessed) if assessed else STATEMENT_DATE,
                           method=get_setting("accessibility_method"),
                           contact=current_app.config["ACCESSIBILITY_EMAIL"]), 400 if form.errors else 200


@bp.route("/account/data", methods=["GET"])
@login_required
def my_data():
    return render_template("privacy/my_data.html", export_form=EmptyForm(), delete_form=DeleteAccountForm())


@bp.route("/account/data/export", methods=["POST"])
@login_required
@limiter.limit("5/day")
def request_export():
    if EmptyForm().validate_on_submit():
        token = ops.request_export(current_user)
        db.session.commit()
        if current_user.email.endswith(".invalid"):  # an e-legitimation account has no address to mail
            return redirect(url_for("privacy.download", token=token))
        flash(_("We have e-mailed you a link to your data. It works once, for 7 days."), "success")
    return redirect(url_for("privacy.my_data"))


@bp.route("/account/data/download/<token>", methods=["GET", "POST"])
def download(token):
    """GET shows a button (mail scanners that open links must not spend them); POST downloads once."""
    ops.check_export(token)
    form = EmptyForm()
    if not form.validate_on_submit():
        return render_template("privacy/download.html", form=form)
    data = ops.use_export(token)
    db.session.commit()
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=my-data.json",
                             "Cache-Control": "no-store"})


@bp.route("/account/delete", methods=["POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit() and current_user.check_password(form.password.data):
        ops.delete_account(current_user)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Your account is deleted. Your published proposals remain as public records."), "success")
        return redirect(url_for("core.home"))
    if form.validate_on_submit():
        form.password.errors.append(_("The password is wrong."))
    return render_template("privacy/my_data.html", export_form=EmptyForm(), delete_form=form), 400


def register_cli(app) -> None:
    import click
    from flask.cli import AppGroup

    group = AppGroup("privacy", help="Personal data.")

    @group.command("retention")
    def retention():
        """Remove unconfirmed accounts and stale personal data after the configured periods."""
        counts = ops.retention()
        db.session.commit()
        click.echo(f"retention: {counts}")

    app.cli.add_command(group)
