"""The public search page and the overview of ongoing dialogue. Both work without JavaScript."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..dialogues.models import DialogueKind
from ..extensions import db
from ..handling.followup import FACET_LABELS as FOLLOW_UP_FACET
from ..profile.models import Board, District, Topic
from .documents import SOURCES, status_label
from .interface import FACETS, SearchBackendError, SearchQuery
from .queries import BadQuery, ongoing as ongoing_query, parse_args, search

bp = Blueprint("search", __name__, template_folder="templates")
# A hit's status in its own kind's words ("closed" is "avslutat" for a proposal, "avslutad" for a dialogue).
bp.add_app_template_global(status_label, "search_status_label")

KIND_LABELS = {"proposal": _l("Proposal"), "dialogue": _l("Dialogue")}
FACET_LABELS = {"kind": _l("Kind"), "dialogue_kind": _l("Kind of dialogue"), "status": _l("Status"),
                "follow_up": _l("After the decision"), "board": _l("Board"),
                "district": _l("District"), "topic": _l("Topic"), "year": _l("Year")}
SORT_LABELS = {"relevance": _l("Best match"), "newest": _l("Newest"), "support": _l("Most support"),
               "deadline": _l("Deadline soonest")}


def value_labels() -> dict[str, dict[str, str]]:
    """Readable names for facet values: three small queries, whatever the number of hits."""
    statuses: dict[str, str] = {}
    for source in SOURCES.values():
        for code in source.status_labels:
            statuses.setdefault(code, status_label(source.kind, code))
    return {
        "kind": {k: str(v) for k, v in KIND_LABELS.items()},
        "dialogue_kind": {k.value: k.label for k in DialogueKind},
        "follow_up": {k: str(v) for k, v in FOLLOW_UP_FACET.items()},
        "status": statuses,
        "board": {b.slug: b.name for b in db.session.scalars(select(Board))},
        "district": {d.slug: d.name for d in db.session.scalars(select(District))},
        "topic": {t.slug: t.name for t in db.session.scalars(select(Topic))},
    }


def search_health() -> dict:
    """The backend's health and how far the index lags behind the database (for /healthz)."""
    from .backends import get_backend
    from .sync import status
    backend = get_backend()
    return {"backend": backend.name, "health": backend.health(), **status()}


def _render(template: str, status: int = 200, **context):
    return render_template(template, labels=value_labels(), facet_labels=FACET_LABELS,
                           sort_labels=SORT_LABELS, **context), status


@bp.route("/search")
def index():
    args = request.args.to_dict(flat=False)
    try:
        query = parse_args(request.args)
        result = search(query)
    except BadQuery as exc:
        db.session.rollback()
        return _render("search/index.html", 400, query=SearchQuery(), result=None, error=exc.message, args=args)
    except SearchBackendError:
        db.session.rollback()
        return _render("search/index.html", 503, query=SearchQuery(), result=None, args=args,
                       error=_l("Search is not available right now. Try again in a moment."))
    return _render("search/index.html", query=query, result=result, error=None, args=args,
                   facets=FACETS)


@bp.route("/search/ongoing")
def ongoing():
    try:
        result = ongoing_query()
    except SearchBackendError:
        db.session.rollback()
        return _render("search/ongoing.html", 503, result=None,
                       error=_l("Search is not available right now. Try again in a moment."))
    return _render("search/ongoing.html", result=result, error=None)


@bp.app_template_filter("from_timestamp")
def from_timestamp(value):
    """A document's Unix timestamp as a UTC datetime (for the date filters)."""
    from datetime import datetime, timezone
    return datetime.fromtimestamp(int(value), timezone.utc) if value else None
