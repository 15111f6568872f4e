"""`GET /api/v1/search`: the search page's parameters, answered as JSON."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..search.documents import status_label
from ..search.interface import SearchBackendError
from ..search.queries import BadQuery, parse_args, search

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def problem(status: int, title, detail):
    """An RFC 9457 problem document."""
    resp = jsonify({"type": "about:blank", "status": status, "title": str(title), "detail": str(detail)})
    resp.status_code = status
    resp.mimetype = "application/problem+json"
    return resp


@bp.route("/search")
def search_api():
    try:
        query = parse_args(request.args)
        result = search(query)
    except BadQuery as exc:
        db.session.rollback()
        return problem(400, _l("Bad request"), exc.message)
    except SearchBackendError:
        db.session.rollback()
        return problem(503, _l("Search unavailable"), _l("Search is not available right now. Try again in a moment."))
    hits = [{**h, "status_label": status_label(h["kind"], h["status"])} for h in result.hits]
    return jsonify({
        "query": {"q": query.q, "filters": query.filters, "sort": query.sort,
                  "page": query.page, "per_page": query.per_page},
        "hits": hits, "facets": result.facet_distribution, "total": result.total,
        "page": result.page, "per_page": result.per_page, "pages": result.pages,
    })
