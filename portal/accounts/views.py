"""Account pages: register, confirm, log in and out, reset, settings."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, get_locale
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..proposals.forms import EmptyForm
from ..proposals.queries import by_author
from ..urls import safe_next
from . import operations as ops
from .forms import ForgotForm, LoginForm, RegisterForm, ResetForm, SettingsForm

bp = Blueprint("accounts", __name__, url_prefix="/account", template_folder="templates")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10/hour;3/minute", methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        ops.register(form.email.data, form.password.data, form.display_name.data, str(get_locale()))
        db.session.commit()
        return render_template("accounts/check_mail.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.route("/confirm/<token>")
def confirm(token):
    user = ops.confirm(token)
    db.session.commit()
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.settings") if current_user.id == user.id else url_for("core.home"))


@bp.route("/resend", methods=["POST"])
@login_required
@limiter.limit("5/hour")
def resend():
    form = EmptyForm()
    if form.validate_on_submit() and not current_user.is_confirmed:
        ops.send_confirmation(current_user)
        db.session.commit()
        flash(_("We have sent a new confirmation link."), "success")
    return redirect(url_for("accounts.settings"))


def _account_key() -> str:
    """Limits per account: the e-mail address tried, whatever the IP address."""
    return "account:" + ops.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20/hour;5/minute", methods=["POST"])
@limiter.limit("10/hour", methods=["POST"], key_func=_account_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = ops.find_by_email(form.email.data)
        if user is not None and user.check_password(form.password.data) and user.is_active:
            login_user(user, remember=form.remember.data)
            if user.locale:
                session["lang"] = user.locale
            db.session.commit()
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("core.home")))
        form.password.errors.append(_("The e-mail address or the password is wrong."))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("core.home"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
@limiter.limit("3/hour", methods=["POST"], key_func=_account_key)
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        ops.request_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/check_mail.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token):
    ops.user_for_reset(token)  # refuses an expired or used link before showing the form
    form = ResetForm()
    if form.validate_on_submit():
        ops.reset_password(token, form.password.data)
        db.session.commit()
        flash(_("Your password is changed. Log in with the new password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        current_user.display_name = form.display_name.data.strip()
        current_user.locale = form.locale.data
        session["lang"] = form.locale.data
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form, proposals=by_author(current_user),
                           resend_form=EmptyForm())
