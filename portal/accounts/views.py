"""Account pages: register, confirm, log in and out, reset, settings."""
from __future__ import annotations

import math

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, get_locale
from flask_login import current_user, login_required, login_user, logout_user

from ..admin.settings import get_setting
from ..extensions import db, limiter
from ..proposals.forms import EmptyForm
from ..proposals.queries import by_author
from ..urls import safe_next
from . import lockout
from . import operations as ops
from . import twofactor as tf
from .forms import CodeForm, ForgotForm, LoginForm, PasswordForm, ReauthForm, RegisterForm, ResetForm, SettingsForm

bp = Blueprint("accounts", __name__, url_prefix="/account", template_folder="templates")
bp.before_app_request(tf.staff_guard)




@bp.route("/register", methods=["GET", "POST"])
# Only completed registrations count: a resident who mistypes and corrects is not refused
# (password guessing is limited at login, and the form never reveals who has an account).
@limiter.limit("10/hour;3/minute", methods=["POST"], deduct_when=lambda _response: g.get("registered", False))
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        ops.register(form.email.data, form.password.data, form.display_name.data, str(get_locale()))
        db.session.commit()
        g.registered = True
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
def login():
    """Per client address a fixed limit; per account a growing delay, never a lockout (lockout.py)."""
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        device = lockout.trusted_device(email)  # the owner's own browser skips the account's delay
        wait = 0.0 if device else lockout.wait_seconds(email)
        user = ops.authenticate(email, form.password.data)  # hashes in every case
        second_factor = False
        if user is not None and wait > 0:
            # While the delay runs the password alone is not confirmed, not even by a redirect: an
            # account with a second factor gets in with the password and a current code together.
            second_factor = bool(user.totp_secret and form.code.data and tf.verify(user, form.code.data))
            if not second_factor:
                user = None
        if user is not None:
            lockout.clear(email, device)
            lockout.trust_device(email)
            user.start_session()
            # Staff get no "remember me" and a session cookie that ends with the browser.
            login_user(user, remember=form.remember.data and not user.is_staff)
            tf.mark_authenticated(second_factor=second_factor or not user.is_staff)
            if user.locale:
                session["lang"] = user.locale
            db.session.commit()
            target = safe_next(request.args.get("next"), url_for("core.home"))
            if user.is_staff and not second_factor:
                return redirect(url_for("accounts.two_factor", next=target))
            flash(_("You are logged in."), "success")
            return redirect(target)
        if wait <= 0:  # a wrong password (or a closed account), checked: it counts
            wait = lockout.record_failure(email, device)
            form.password.errors.append(_("The e-mail address or the password is wrong."))
            if wait <= 0:
                return render_template("accounts/login.html", form=form, ask_code=False)
        seconds = math.ceil(wait)
        form.password.errors.append(_("Too many failed attempts for this e-mail address. Wait %(n)s seconds "
                                      "and try again.", n=seconds))
        return render_template("accounts/login.html", form=form, ask_code=True), 429, {"Retry-After": str(seconds)}
    return render_template("accounts/login.html", form=form, ask_code=bool(form.code.data))


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
@limiter.limit("10/15 minutes", methods=["POST"], key_func=lambda: f"2fa:{current_user.id}")
def two_factor():
    """The second step for staff: enter a code, or enrol an authenticator app the first time."""
    target = safe_next(request.args.get("next"), url_for("core.home"))
    if not current_user.is_staff or session.get("mfa_ok"):
        return redirect(target)
    form = CodeForm()
    enrolling = not current_user.totp_secret
    if enrolling:
        secret = session.get("enrol_secret") or tf.new_secret()
        session["enrol_secret"] = secret
    if form.validate_on_submit():
        if enrolling:
            codes = tf.enrol(current_user, secret, form.code.data)
            if codes is not None:
                session.pop("enrol_secret", None)
                tf.mark_authenticated(second_factor=True)
                db.session.commit()
                return render_template("accounts/recovery_codes.html", codes=codes, next=target)
        elif tf.verify(current_user, form.code.data):
            tf.mark_authenticated(second_factor=True)
            db.session.commit()
            flash(_("You are logged in."), "success")
            return redirect(target)
        form.code.errors.append(_("The code is wrong or too old. Try the newest code."))
    return render_template("accounts/two_factor.html", form=form, enrolling=enrolling,
                           secret=secret if enrolling else None,
                           uri=tf.provisioning_uri(current_user, secret) if enrolling else None)


@bp.route("/confirm-identity", methods=["GET", "POST"])
@login_required
@limiter.limit("10/15 minutes", methods=["POST"], key_func=lambda: f"2fa:{current_user.id}")
def reauth():
    """Staff confirm password and code again before an action when the login is not recent."""
    form = ReauthForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data) and tf.verify(current_user, form.code.data):
            tf.mark_authenticated(second_factor=True)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), url_for("core.home")))
        form.code.errors.append(_("The password or the code is wrong."))
    return render_template("accounts/reauth.html", form=form,
                           eid_reauth=bool(current_user.is_verified and get_setting("staff_eid_login")))


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # Logging out ends every session of the account, so a copied cookie stops working too.
            current_user.end_all_sessions()
            db.session.commit()
        logout_user()
        for key in ("auth_at", "mfa_ok", "enrol_secret"):
            session.pop(key, None)
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
        user = ops.reset_password(token, form.password.data)
        db.session.commit()
        # The link proved the mailbox: this browser skips a login delay a stranger may have started.
        lockout.trust_device(user.email)
        flash(_("Your password is changed and you were logged out everywhere. Log in with the new password."),
              "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10/hour", methods=["POST"], key_func=lambda: f"password:{current_user.id}")
def change_password():
    """A new password logs the account out everywhere; this browser gets a new session."""
    form = PasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current.data):
            user = current_user._get_current_object()
            ops.change_password(user, form.password.data)
            user.start_session()
            login_user(user)  # the new session version; remember-me cookies of the old one end
            db.session.commit()
            flash(_("Your password is changed. You were logged out everywhere else."), "success")
            return redirect(url_for("accounts.settings"))
        form.current.errors.append(_("The password is wrong."))
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200


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
