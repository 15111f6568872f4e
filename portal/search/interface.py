"""The search contract every backend fulfils: queries, results and the backend interface."""
from __future__ import annotations

import abc
from dataclasses import dataclass, field

# Public facet names and the document field each reads.
# dialogue_kind (citizen, user, knowledge) is carried only by dialogue documents (issue 10).
# follow_up (granted proposals: missing, planned, in_progress, done, stopped) only by proposals (issue 17).
FACETS = ("kind", "dialogue_kind", "status", "follow_up", "board", "district", "topic", "year")
FACET_FIELDS = {"kind": "kind", "dialogue_kind": "dialogue_kind", "status": "status", "follow_up": "follow_up",
                "board": "boards",
                "district": "districts", "topic": "topics", "year": "year"}
SORTS = ("relevance", "newest", "support", "deadline")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000


@dataclass
class SearchQuery:
    """What to find: free text (prefix-matched), facet filters (OR within, AND across), sort, page."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: tuple[str, ...] = FACETS
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass
class SearchResult:
    """One page of hits, the facet counts over every match, and the totals."""

    hits: list[dict]
    facet_distribution: dict[str, dict[str, int]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


class SearchBackendError(RuntimeError):
    """The search backend is unreachable or refused the request."""


class SearchBackend(abc.ABC):
    """Index settings, upsert, delete, search, rebuild-and-swap, health."""

    name = "abstract"

    @abc.abstractmethod
    def setup(self) -> dict:
        """Create the index and apply its settings; idempotent. Returns what changed."""

    @abc.abstractmethod
    def upsert(self, documents: list[dict]) -> None:
        """Add or replace documents (by `key`); returns when the write is applied."""

    @abc.abstractmethod
    def delete(self, keys: list[str]) -> None:
        """Remove documents by key; unknown keys are ignored."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Run a query."""

    @abc.abstractmethod
    def rebuild(self, batches) -> int:
        """Build a fresh index from an iterable of document batches and swap it in atomically."""

    @abc.abstractmethod
    def all_documents(self) -> list[dict]:
        """Every indexed document (for checks and tests; not for request paths)."""

    @abc.abstractmethod
    def health(self) -> str:
        """"ok", or a short description of what is wrong."""
