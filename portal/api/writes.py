"""Token-authenticated writes (submit, support, unsupport), staff case reads, and the token pages.

The writes call the same operations as the web forms, so rules, moderation and limits are the same."""
from __future__ import annotations

from flask import flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import select

from ..admin.settings import get_setting
from ..extensions import csrf, db, limiter
from ..profile.models import District, Topic
from ..proposals import operations as pops
from ..proposals.forms import EmptyForm
from ..proposals.models import Proposal
from . import operations as ops
from . import queries as q
from . import schemas as s
from .forms import TokenForm
from .models import ApiToken
from .problems import invalid, problem
from .spec import MAX_ID, endpoint
from .views import BadParams, _args, _page, bp


class TokenProblem(Exception):
    def __init__(self, slug, detail):
        self.slug, self.detail = slug, detail


@bp.errorhandler(TokenProblem)
def _token_problem(exc):
    db.session.rollback()
    resp = problem(exc.slug, exc.detail)
    if exc.slug == "unauthorised":
        resp.headers["WWW-Authenticate"] = 'Bearer realm="dialogportal"'
    return resp


def _token_key() -> str:
    return "token:" + ops.hash_token(request.headers.get("Authorization", ""))[:24]


def _require(scope: str) -> ApiToken:
    """The request's token, which must carry `scope`; its owner acts as on the web."""
    token = ops.authenticate(request.headers.get("Authorization"))
    if token is None:
        raise TokenProblem("unauthorised", _l("Send a valid personal API token: Authorization: Bearer <token>."))
    if not token.has_scope(scope):
        raise TokenProblem("forbidden", _l("The token does not have the permission %(scope)s.", scope=scope))
    if scope not in ops.scopes_for(token.user):
        # The token says yes, but its owner may no longer do this (a staff role was removed).
        raise TokenProblem("forbidden", _l("Your account no longer has the permission %(scope)s.", scope=scope))
    g.api_token = token
    return token


def _body(schema_cls) -> dict:
    """The JSON object sent, validated; anything unusable (not JSON, not an object, nested too deep
    for the parser) is a 400 problem, never a 500."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        raise BadParams({"body": ["Send a JSON object."]})
    try:
        return schema_cls().load(data)
    except ValidationError as exc:
        raise BadParams(exc.messages) from None


def _rule(field: str, reason) -> None:
    db.session.rollback()
    return problem("invalid-body", _l("The proposal breaks a rule of the form."),
                   [{"name": field, "reason": str(reason)}])


def _public_proposal(proposal_id: int) -> Proposal | None:
    p = db.session.get(Proposal, proposal_id) if proposal_id <= MAX_ID else None
    return p if p is not None and p.is_public and not p.hidden else None


@bp.route("/proposals", methods=["POST"])
@csrf.exempt
@limiter.limit("30/hour")
@limiter.limit("10/hour", key_func=_token_key)
@endpoint(summary="Send a proposal to moderation (as the web form does)", method="post", body=s.ProposalIn,
          response=s.Submitted, tag="write", scope="proposals:write", status=201, query=s.Empty)
def submit_proposal():
    token = _require("proposals:write")
    _args(s.Empty)
    data = _body(s.ProposalIn)
    durations = [int(m) for m in get_setting("support_durations")]
    if data["duration_months"] not in durations:
        return _rule("duration_months", _l("Choose one of: %(list)s.", list=", ".join(map(str, durations))))
    district_id = None
    if data.get("district"):
        district_id = db.session.scalar(select(District.id).where(District.slug == data["district"]))
        if district_id is None:
            return _rule("district", _l("There is no district “%(slug)s”.", slug=data["district"]))
    topics = dict(db.session.execute(select(Topic.slug, Topic.id).where(Topic.slug.in_(data["topics"]))).all())
    unknown = [t for t in data["topics"] if t not in topics]
    if unknown:
        return _rule("topics", _l("There is no topic “%(slug)s”.", slug=unknown[0]))
    proposal = pops.save_draft(token.user, {
        "title": data["title"], "summary": data["summary"], "body": data["body"], "district_id": district_id,
        "topic_ids": [topics[t] for t in data["topics"]], "duration_months": data["duration_months"]})
    pops.submit(proposal, token.user)
    db.session.commit()
    resp = jsonify({"id": proposal.id, "state": proposal.state.value,
                    "url": url_for("proposals.show", proposal_id=proposal.id, _external=True)})
    resp.status_code = 201
    return resp


def _support_answer(proposal: Proposal, supported: bool, changed: bool):
    return jsonify({"proposal_id": proposal.id, "supported": supported, "changed": changed,
                    "support_count": proposal.support_count,
                    "verified_support_count": proposal.verified_support_count})


@bp.route("/proposals/<int:proposal_id>/support", methods=["PUT"])
@csrf.exempt
@limiter.limit("600/minute")
@limiter.limit("60/minute", key_func=_token_key)
@endpoint(summary="Support a proposal (a second support changes nothing)", method="put", response=s.SupportState,
          tag="write", scope="supports:write", query=s.SupportQuery)
def support(proposal_id):
    token = _require("supports:write")
    args = _args(s.SupportQuery)
    if args["show"] == "alias" and not (args.get("alias") or "").strip():
        return problem("invalid-parameters", _l("Check the parameters named below."),
                       invalid({"alias": [_l("Write the alias to show, or choose another option.")]}))
    proposal = _public_proposal(proposal_id)
    if proposal is None:
        return problem("not-found", _l("There is no public proposal with that number."))
    added = pops.support(proposal, token.user, shown=args["show"] != "count",
                         alias=args.get("alias") if args["show"] == "alias" else None)
    db.session.commit()
    return _support_answer(proposal, True, added)


@bp.route("/proposals/<int:proposal_id>/support", methods=["DELETE"])
@csrf.exempt
@limiter.limit("60/minute", key_func=_token_key)
@endpoint(summary="Take your support back while the proposal collects support", method="delete",
          response=s.SupportState, tag="write", scope="supports:write", query=s.Empty)
def unsupport(proposal_id):
    token = _require("supports:write")
    _args(s.Empty)
    proposal = _public_proposal(proposal_id)
    if proposal is None:
        return problem("not-found", _l("There is no public proposal with that number."))
    removed = pops.unsupport(proposal, token.user)
    db.session.commit()
    return _support_answer(proposal, False, removed)


@bp.route("/cases")
@limiter.limit("120/minute", key_func=_token_key)
@endpoint(summary="The cases of your boards (staff tokens)", query=s.Paged, response=s.CasePage, tag="staff",
          scope="cases:read")
def cases():
    token = _require("cases:read")
    args = _args(s.Paged)
    page = q.cases_for(token.user, args["page"], args["per_page"])
    return jsonify(_page(page, [q.case_item(c) for c in page.items]))


# -- the token pages (cookie session, CSRF-protected forms on the account page) --

@bp.route("/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm(user=current_user)
    if form.validate_on_submit():
        token, secret = ops.create_token(current_user, form.name.data, form.scopes.data)
        db.session.commit()
        resp = render_template("api/token_created.html", token=token, secret=secret)
        return resp, 201, {"Cache-Control": "no-store"}
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
    return redirect(url_for("accounts.settings") + "#api-tokens-title")


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id):
    token = db.session.get(ApiToken, token_id) if token_id <= MAX_ID else None
    if token is None or token.user_id != current_user.id:
        return problem("not-found", _l("There is no such token."))
    if EmptyForm().validate_on_submit():
        ops.revoke_token(token, current_user)
        db.session.commit()
        flash(_("The token is revoked. Apps using it can no longer act for you."), "success")
    return redirect(url_for("accounts.settings") + "#api-tokens-title")


@bp.record_once
def _on_register(state) -> None:
    def api_token_form():
        return TokenForm(user=current_user, formdata=None)

    def api_tokens():
        return ops.tokens_of(current_user) if current_user.is_authenticated else []

    state.app.jinja_env.globals.update(api_token_form=api_token_form, api_tokens=api_tokens)
