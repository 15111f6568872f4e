"""The portal's search function and the reading of search parameters from a request."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..errors import DomainError
from .backends import get_backend
from .interface import FACETS, MAX_PAGE, MAX_PER_PAGE, SORTS, SearchQuery, SearchResult

MAX_QUERY_LENGTH = 200
MAX_FILTER_VALUES = 20
# What "ongoing" means: open for support or in handling, and dialogues that are open.
ONGOING_STATUSES = ("published", "threshold_reached", "in_handling", "open")


class BadQuery(DomainError):
    """A search parameter that cannot be used; answered with 400 and the reason."""

    status = 400
    default_message = _l("The search could not be understood.")


def _int(value: str | None, default: int, name: str, low: int, high: int) -> int:
    if value in (None, ""):
        return default
    try:
        n = int(value)
    except ValueError:
        raise BadQuery(_l("“%(name)s” must be a whole number.", name=name)) from None
    if not low <= n <= high:
        raise BadQuery(_l("“%(name)s” must be between %(low)s and %(high)s.", name=name, low=low, high=high))
    return n


def parse_args(args) -> SearchQuery:
    """A SearchQuery from query-string arguments; raises BadQuery with a clear reason."""
    q = (args.get("q") or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        raise BadQuery(_l("The search text is too long (at most %(n)s characters).", n=MAX_QUERY_LENGTH))
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadQuery(_l("Unknown sort order “%(sort)s”.", sort=sort[:40]))
    filters: dict[str, list[str]] = {}
    for facet in FACETS:
        values = [v.strip()[:80] for v in args.getlist(facet) if v and v.strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise BadQuery(_l("Too many values for “%(name)s”.", name=facet))
        if facet == "year":
            for v in values:
                _int(v, 0, "year", 1900, 2999)
        if values:
            filters[facet] = list(dict.fromkeys(values))
    per_page = _int(args.get("per_page"), current_app.config["PAGE_SIZE"], "per_page", 1, MAX_PER_PAGE)
    page = _int(args.get("page"), 1, "page", 1, MAX_PAGE)
    return SearchQuery(q=q, filters=filters, sort=sort, page=page, per_page=per_page)


def search(query: SearchQuery) -> SearchResult:
    """Search the public index with the configured backend."""
    return get_backend().search(query)


def ongoing() -> SearchResult:
    """What is open now, with counts by board, district, status and kind."""
    return search(SearchQuery(filters={"status": list(ONGOING_STATUSES)},
                              facets=("kind", "status", "board", "district"), sort="deadline",
                              per_page=50))
