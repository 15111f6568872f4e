"""`/api/v1/`: public JSON reads of proposals, decisions, dialogues, boards, districts, topics and search."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields

from ..comments import queries as comment_queries
from ..extensions import db
from ..handling.queries import all_boards
from ..dialogues import queries as dq
from ..privacy.public import public_case, public_comment, public_dialogue, public_dict
from ..profile.models import District, Topic
from ..proposals.queries import paginate
from ..search.documents import status_label
from ..search.interface import SearchBackendError
from ..search.queries import BadQuery, parse_args, search
from . import queries as q
from . import schemas as s
from .problems import TYPES, invalid, problem, type_uri
from .spec import MAX_ID, build_spec, endpoint

bp = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")


class BadParams(Exception):
    def __init__(self, messages):
        self.messages = messages


@bp.errorhandler(BadParams)
def _bad_params(exc):
    db.session.rollback()
    return problem("invalid-parameters", _l("Check the parameters named below."), invalid(exc.messages))


def _args(schema_cls) -> dict:
    """The query string validated against the endpoint's schema; unknown parameters are refused."""
    schema = schema_cls()
    raw = {k: (request.args.getlist(k) if isinstance(schema.fields.get(k), fields.List) else request.args.get(k))
           for k in request.args}
    try:
        return schema.load(raw)
    except ValidationError as exc:
        raise BadParams(exc.messages) from None


def _page(page, items) -> dict:
    return {"items": items, "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}


def _proposal(p, comments: tuple[dict, dict] | None = None) -> dict:
    """A proposal's public fields; with `comments` (counts, newest by proposal id) also its comments."""
    data = {**public_dict("proposal", p), "url": url_for("proposals.show", proposal_id=p.id, _external=True)}
    if comments is not None and not p.hidden:
        counts, newest = comments
        data["comment_count"] = counts.get(p.id, 0)
        data["newest_comments"] = [public_comment(c) for c in newest.get(p.id, [])]
    return data


def _comments_of(proposals) -> tuple[dict, dict]:
    ids = [p.id for p in proposals if not p.hidden]
    return comment_queries.counts(ids), comment_queries.newest(ids)


def _dialogue(d, **kw) -> dict:
    return {**public_dialogue(d, **kw), "url": url_for("dialogues.show", dialogue_id=d.id, _external=True)}


def _public(resp):
    """A public read: the same for every reader, so clients and proxies may keep it briefly and
    revalidate with its ETag (If-None-Match answers 304 without the body)."""
    if resp.status_code != 200:
        return resp
    resp.add_etag()
    resp.cache_control.public = True
    resp.cache_control.max_age = current_app.config["API_CACHE_SECONDS"]
    resp.vary.add("Accept-Language")
    return resp.make_conditional(request)


def _conditional(data: dict, last_modified):
    """ETag and Last-Modified, answering If-None-Match / If-Modified-Since with 304."""
    resp = jsonify(data)
    if last_modified is not None:
        resp.last_modified = last_modified
    return _public(resp)


@bp.route("/proposals")
@endpoint(summary="Public proposals, newest first", query=s.ProposalQuery, response=s.ProposalPage, etag=True)
def proposals():
    args = _args(s.ProposalQuery)
    page = q.proposals(args)
    comments = _comments_of(page.items)
    following = None
    if page.next_cursor:
        query = {k: v for k, v in request.args.items() if k not in ("page", "cursor")}
        following = url_for("api.proposals", **query, page=page.page + 1, cursor=page.next_cursor, _external=True)
    return _public(jsonify({**_page(page, [_proposal(p, comments) for p in page.items]), "next_cursor": page.next_cursor,
                            "next": following}))


@bp.route("/proposals/<int:proposal_id>")
@endpoint(summary="One proposal with its routing, each board's state, statements and decision",
          query=s.Empty, response=s.ProposalDetail, etag=True)
def proposal(proposal_id):
    _args(s.Empty)
    p, case = q.proposal(proposal_id) if proposal_id <= MAX_ID else (None, None)
    if p is None:
        return problem("not-found", _l("There is no public proposal with that number."))
    data = {**_proposal(p, _comments_of([p])), "handling": public_case(case) if case and not p.hidden else None}
    stamps = [t for t in (p.updated_at, case and case.decided_at, case and case.summary_at) if t]
    return _conditional(data, max(stamps) if stamps else None)


@bp.route("/decisions")
@endpoint(summary="Answered proposals with outcome and minute reference", query=s.DecisionQuery,
          response=s.DecisionPage, etag=True)
def decisions():
    page = q.decisions(_args(s.DecisionQuery))
    return _public(jsonify(_page(page, [decision_item(c) for c in page.items])))


def decision_item(case) -> dict:
    handling = public_case(case)
    return {"proposal": _proposal(case.proposal), "reference": case.reference,
            "boards": [b["board"] for b in handling["boards"]], "decision": handling["decision"]}


@bp.route("/dialogues")
@endpoint(summary="Dialogues, newest period first", query=s.DialogueQuery, response=s.DialoguePage, etag=True)
def dialogues():
    a = _args(s.DialogueQuery)
    page = paginate(dq.filtered(a.get("status"), a.get("level"), a.get("district"), a.get("board")),
                    a["page"], a["per_page"])
    return _public(jsonify(_page(page, [_dialogue(d) for d in page.items])))


@bp.route("/dialogues/<int:dialogue_id>")
@endpoint(summary="One dialogue with its meetings and feedback", query=s.Empty, response=s.DialogueDetail,
          etag=True)
def dialogue(dialogue_id):
    _args(s.Empty)
    d = dq.dialogue_page(dialogue_id) if dialogue_id <= MAX_ID else None
    if d is None:
        return problem("not-found", _l("There is no dialogue with that number."))
    stamps = [d.updated_at, d.feedback_published_at, *(m.updated_at for m in d.meetings)]
    return _conditional(_dialogue(d, with_meetings=True), max(t for t in stamps if t))


@bp.route("/boards")
@endpoint(summary="The boards (nämnder)", query=s.Empty, response=s.BoardList, etag=True)
def boards():
    _args(s.Empty)
    return _public(jsonify({"items": [public_dict("board", b) for b in all_boards()]}))


@bp.route("/districts")
@endpoint(summary="The districts", query=s.Empty, response=s.DistrictList, etag=True)
def districts():
    _args(s.Empty)
    rows = db.session.scalars(db.select(District).order_by(District.position, District.id))
    return _public(jsonify({"items": [public_dict("district", d) for d in rows]}))


@bp.route("/topics")
@endpoint(summary="The topics", query=s.Empty, response=s.TopicList, etag=True)
def topics():
    _args(s.Empty)
    rows = db.session.scalars(db.select(Topic).order_by(Topic.position, Topic.id))
    return _public(jsonify({"items": [public_dict("topic", t) for t in rows]}))


@bp.route("/search")
@endpoint(summary="Search proposals, dialogues and decisions (the search page's parameters)",
          query=s.SearchQuery, response=s.SearchResult, etag=True)
def search_api():
    _args(s.SearchQuery)
    try:
        query = parse_args(request.args)
        result = search(query)
    except BadQuery as exc:
        db.session.rollback()
        return problem("bad-request", exc.message)
    except SearchBackendError:
        db.session.rollback()
        return problem("unavailable", _l("Search is not available right now. Try again in a moment."))
    hits = [{**h, "status_label": status_label(h["kind"], h["status"])} for h in result.hits]
    return _public(jsonify({
        "query": {"q": query.q, "filters": query.filters, "sort": query.sort,
                  "page": query.page, "per_page": query.per_page},
        "hits": hits, "facets": result.facet_distribution, "total": result.total,
        "page": result.page, "per_page": result.per_page, "pages": result.pages,
    }))


@bp.route("/openapi.json")
def openapi():
    return _public(jsonify(build_spec(current_app)))


@bp.route("/docs")
def docs():
    """The readable documentation, rendered on the server from the same OpenAPI document."""
    return render_template("api/docs.html", spec=build_spec(current_app),
                           problems=[(slug, type_uri(slug), status, title) for slug, (status, title) in TYPES.items()])


from . import writes  # noqa: E402,F401  (registers the token-authenticated routes on this blueprint)
