"""Account forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from .twofactor import normalise_code

# After normalisation a code is ASCII letters, digits and dashes (TOTP digits or a recovery code).
_CODE_CHARS = Regexp(r"^[A-Za-z0-9-]*$", message=_l("Write the code with the digits 0-9, or a recovery code."))


def _email_field():
    return EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Write your e-mail address.")),
        Email(message=_l("Write a valid e-mail address, like name@example.se."),
              check_deliverability=False),
        Length(max=254)])


def _new_password(label):
    return PasswordField(label, validators=[
        DataRequired(_l("Choose a password.")),
        Length(min=10, max=200, message=_l("The password must be at least %(min)d characters."))],
        description=_l("At least 10 characters."))


class RegisterForm(FlaskForm):
    email = _email_field()
    display_name = StringField(_l("Public name or alias"), validators=[
        DataRequired(_l("Choose the name others will see.")),
        Length(min=2, max=60, message=_l("The name must be between %(min)d and %(max)d characters."))],
        description=_l("Shown on your proposals. It can be an alias."))
    password = _new_password(_l("Password"))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(_l("Repeat the password.")),
        EqualTo("password", message=_l("The passwords are not the same."))])
    accept = BooleanField(_l("I have read how my personal data is handled"), validators=[
        DataRequired(_l("You need to accept how personal data is handled."))])


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Write your password."))])
    # Asked for while a login delay runs (accounts/lockout.py): with two-step login, the code lets you in.
    code = StringField(_l("Code from your authenticator app, or a recovery code"), validators=[
        Optional(), Length(max=20), _CODE_CHARS], filters=[normalise_code],
        description=_l("Only for accounts with two-step login (staff): with the code you can log in now."),
        render_kw={"autocomplete": "one-time-code"})
    remember = BooleanField(_l("Keep me logged in"))


class ForgotForm(FlaskForm):
    email = _email_field()


class ResetForm(FlaskForm):
    password = _new_password(_l("New password"))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(_l("Repeat the password.")),
        EqualTo("password", message=_l("The passwords are not the same."))])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Write your password."))])
    password = _new_password(_l("New password"))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(_l("Repeat the password.")),
        EqualTo("password", message=_l("The passwords are not the same."))])


class SettingsForm(FlaskForm):
    display_name = StringField(_l("Public name or alias"), validators=[
        DataRequired(_l("Choose the name others will see.")),
        Length(min=2, max=60, message=_l("The name must be between %(min)d and %(max)d characters."))])
    locale = SelectField(_l("Language"), choices=[
        SelectChoice("sv", "Svenska"), SelectChoice("en", "English"), SelectChoice("ar", "العربية")])


class CodeForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app, or a recovery code"), validators=[
        DataRequired(_l("Write the code.")), Length(max=20), _CODE_CHARS], filters=[normalise_code],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text"})


class ReauthForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Write your password."))])
    code = StringField(_l("Code from your authenticator app, or a recovery code"), validators=[
        DataRequired(_l("Write the code.")), Length(max=20), _CODE_CHARS], filters=[normalise_code],
        render_kw={"autocomplete": "one-time-code"})
