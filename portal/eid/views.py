"""E-legitimation pages: start at a broker, come back, create or link an account, merge, guardian."""
from __future__ import annotations

import logging
import time

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required, login_user
from itsdangerous import BadSignature, URLSafeSerializer
from joserfc.errors import JoseError

from ..accounts import twofactor as tf
from ..admin.settings import get_setting
from ..extensions import db, limiter
from ..proposals.forms import EmptyForm
from ..proposals.models import Proposal
from ..urls import safe_next
from . import brokers
from . import operations as ops
from .forms import StartForm, WelcomeForm

bp = Blueprint("eid", __name__, url_prefix="/eid", template_folder="templates")
log = logging.getLogger(__name__)
PROOF_SECONDS = 15 * 60  # a proof waits this long in the session for the welcome or merge page


def _failure(status: int, message: str, broker=None):
    db.session.rollback()
    return render_template("eid/failed.html", message=message, broker=broker), status


def _broker_or_404(key: str):
    broker = brokers.get(key)
    if broker is None:
        abort(404)
    return broker


def _down(broker):
    return _failure(503, _("%(broker)s does not answer right now, so you could not log in with it. Nothing "
                           "was saved. Try again in a while, or log in with your e-mail address.",
                           broker=broker.label), broker)


@bp.route("/start/<key>")
@limiter.limit("30/hour;10/minute")
def start(key):
    """A link, not a form: the page's CSP allows forms to post only to the portal itself, and a
    form's redirect to the broker would count as posting there. Starting needs no CSRF token: the
    flow only completes for whoever then authenticates at the broker, in this browser (state)."""
    broker = _broker_or_404(key)
    form = StartForm(request.args, meta={"csrf": False})
    if not form.validate():
        abort(400)
    purpose = form.purpose.data
    if purpose in ("link", "reauth") and not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    client = brokers.client(key)
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        log.warning("eid %s: discovery failed: %s", key, type(exc).__name__)
        return _down(broker)
    if str(metadata.get("issuer", "")).rstrip("/") != broker.issuer:
        log.warning("eid %s: discovery names another issuer", key)
        return _failure(502, _("%(broker)s answered with another issuer than the one configured. Nothing was "
                               "saved.", broker=broker.label), broker)
    session["eid_flow"] = {"broker": key, "purpose": purpose, "next": safe_next(form.next.data, "")}
    extra = {"acr_values": " ".join(current_app.config["EID_ACR_VALUES"]), "ui_locales": str(get_locale())}
    if purpose == "reauth":
        extra["prompt"] = "login"
    try:
        return client.authorize_redirect(redirect_url(key), nonce=tf.new_secret(), **extra)
    except requests.RequestException:
        return _down(broker)


def redirect_url(key: str) -> str:
    """The URL registered with the broker, to which it sends the browser back."""
    base = current_app.config.get("EID_REDIRECT_BASE")
    if base:
        return base.rstrip("/") + url_for("eid.callback", key=key)
    return url_for("eid.callback", key=key, _external=True)


@bp.route("/callback/<key>")
@limiter.limit("30/hour;10/minute")
def callback(key):
    """The broker sends the browser back here with a code; the ID token is fetched and checked."""
    broker = _broker_or_404(key)
    flow = session.pop("eid_flow", None)
    client = brokers.client(key)
    try:
        if flow is None or flow.get("broker") != key:
            raise MismatchingStateError()
        # The audience must name this portal: Authlib checks only `azp` unless told (OIDC Core 3.1.3.7).
        token = client.authorize_access_token(claims_options={
            "iss": {"essential": True, "values": [broker.issuer]},
            "aud": {"essential": True, "value": client.client_id}})
    except MismatchingStateError:
        log.warning("eid %s: state does not match", key)
        return _failure(400, _("This login was not started in this browser, or it has expired. Nothing was "
                               "saved. Start again."), broker)
    except OAuthError as exc:
        log.warning("eid %s: broker error %s", key, exc.error)
        if exc.error == "access_denied":
            return _failure(400, _("The e-legitimation was cancelled. Nothing was saved."), broker)
        return _failure(502, _("%(broker)s refused the login. Nothing was saved. Start again.",
                               broker=broker.label), broker)
    except requests.RequestException as exc:
        log.warning("eid %s: broker unreachable: %s", key, type(exc).__name__)
        return _down(broker)
    except (JoseError, ValueError) as exc:
        log.warning("eid %s: id token rejected: %s %s", key, type(exc).__name__, exc)
        return _failure(400, _("The answer from %(broker)s could not be verified, so it was not used. Nothing "
                               "was saved. Start again.", broker=broker.label), broker)
    claims = token.get("userinfo")
    if not claims:
        log.warning("eid %s: id token rejected: no ID token", key)
        return _failure(400, _("The answer from %(broker)s could not be verified, so it was not used. Nothing "
                               "was saved. Start again.", broker=broker.label), broker)
    proof = ops.prove(dict(claims))
    target = flow.get("next") or ""
    if flow["purpose"] == "link":
        return _link(proof, target)
    if flow["purpose"] == "reauth":
        return _reauth(proof, target)
    return _login(proof, target)


def _remember(proof: ops.Proof, **extra) -> None:
    session["eid_proof"] = {**proof.as_session(), "t": time.time(), **extra}


def _remembered() -> ops.Proof | None:
    data = session.get("eid_proof")
    if not data or time.time() - float(data.get("t", 0)) > PROOF_SECONDS:
        return None
    return ops.Proof.from_session(data)


def _login(proof: ops.Proof, target: str):
    user = ops.account_for(proof)
    if user is None:
        _remember(proof)
        return redirect(url_for("eid.welcome", next=target or None))
    if not user.is_active:
        return _failure(403, _("This account is blocked or closed."))
    if user.is_staff and not get_setting("staff_eid_login"):
        return _failure(403, _("Staff log in with their e-mail address and password here."))
    ops.record_person(proof)
    login_user(user, remember=False)
    tf.mark_authenticated(second_factor=not user.is_staff)
    if user.locale:
        session["lang"] = user.locale
    db.session.commit()
    if user.is_staff:
        return redirect(url_for("accounts.two_factor", next=target or url_for("core.home")))
    flash(_("You are logged in with e-legitimation."), "success")
    return redirect(target or url_for("core.home"))


def _link(proof: ops.Proof, target: str):
    holder = ops.account_for(proof)
    if holder is not None and holder.id == current_user.id:
        ops.record_person(proof)
        db.session.commit()
        flash(_("Your account is already linked to this e-legitimation."), "info")
        return redirect(url_for("accounts.settings"))
    if current_user.person_id is not None:
        return _failure(409, _("Your account is already linked to another e-legitimation."))
    if holder is not None:
        _remember(proof, other=holder.id)
        return redirect(url_for("eid.merge"))
    ops.link(current_user, proof)
    db.session.commit()
    flash(_("Your account is now linked to your e-legitimation."), "success")
    return redirect(url_for("accounts.settings"))


def _reauth(proof: ops.Proof, target: str):
    holder = ops.account_for(proof)
    if (holder is None or holder.id != current_user.id or not current_user.is_staff
            or not get_setting("staff_eid_login")):
        return _failure(403, _("This e-legitimation does not belong to the account that is logged in."))
    ops.record_person(proof)
    # The e-legitimation replaces the password; the code is still asked for, as after a password.
    tf.mark_authenticated(second_factor=False)
    db.session.commit()
    return redirect(url_for("accounts.two_factor", next=target or url_for("core.home")))


@bp.route("/welcome", methods=["GET", "POST"])
def welcome():
    """First e-legitimation without an account: choose the name shown, and the account is made."""
    proof = _remembered()
    if proof is None:
        return redirect(url_for("accounts.login"))
    form = WelcomeForm()
    if form.validate_on_submit():
        user = ops.account_for(proof) or ops.create_account(proof, form.display_name.data, str(get_locale()))
        session.pop("eid_proof", None)
        login_user(user, remember=False)
        tf.mark_authenticated(second_factor=not user.is_staff)
        db.session.commit()
        flash(_("Your account is created. You are logged in with e-legitimation."), "success")
        return redirect(safe_next(request.args.get("next"), url_for("core.home")))
    return render_template("eid/welcome.html", form=form)


@bp.route("/merge", methods=["GET", "POST"])
@login_required
def merge():
    """The e-legitimation belongs to another account: merge it into this one, or say why not."""
    proof, data = _remembered(), session.get("eid_proof") or {}
    other = db.session.get(ops.User, data.get("other")) if proof and data.get("other") else None
    if other is None:
        return redirect(url_for("accounts.settings"))
    refusal = ops.merge_refusal(current_user, other)
    form = EmptyForm()
    if refusal is None and form.validate_on_submit():
        ops.merge(current_user, other, proof)
        session.pop("eid_proof", None)
        db.session.commit()
        flash(_("The accounts are merged. Your supports count once, the earliest kept."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("eid/merge.html", other=other, refusal=refusal, form=form)


# -- guardians ---------------------------------------------------------------------------------

def _guardian_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="eid-guardian")


def guardian_link(proposal: Proposal) -> str:
    return url_for("eid.guardian", token=_guardian_serializer().dumps({"p": proposal.id}), _external=True)


@bp.route("/guardian/<token>", methods=["GET", "POST"])
def guardian(token):
    """A guardian approves an under-age author's proposal with their own e-legitimation."""
    try:
        pid = _guardian_serializer().loads(token)["p"]
    except (BadSignature, KeyError, TypeError):
        abort(404)
    proposal = db.session.get(Proposal, pid)
    if proposal is None or not proposal.guardian_required:
        abort(404)
    form = EmptyForm()
    if current_user.is_authenticated and form.validate_on_submit():
        ops.approve_as_guardian(proposal, current_user)
        db.session.commit()
        flash(_("Thank you. The proposal is approved and goes on to moderation."), "success")
        return redirect(url_for("eid.guardian", token=token))
    return render_template("eid/guardian.html", proposal=proposal, form=form, start_form=StartForm(),
                           brokers=brokers.brokers())


@bp.app_context_processor
def _eid_helpers():
    return {"eid_brokers": brokers.brokers, "eid_guardian_link": guardian_link}
