"""The Meilisearch backend, through the official client, always with a timeout."""
from __future__ import annotations

import json
import uuid

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError

from ..interface import FACET_FIELDS, SearchBackend, SearchBackendError, SearchQuery, SearchResult
from ..text import terms

TEXT_FIELDS = ["title", "summary", "body"]
# Searchable attributes in weight order: a match in the title counts most.
SEARCHABLE = ["title", "case_ref", "summary", "body"]
FILTERABLE = ["key", "kind", "dialogue_kind", "status", "follow_up", "boards", "districts", "topics", "year"]
SORTABLE = ["published_at", "support_count", "deadline"]
SORT_FIELDS = {"newest": "published_at:desc", "support": "support_count:desc", "deadline": "deadline:asc"}


def synonyms_from_ruleset(ruleset) -> dict[str, list[str]]:
    """Swedish compounds that name the same thing, from the routing rules: within a rule, the first
    single-word terms that share their first part (cykelbana, cykelväg, cykelfält, cykelstråk)."""
    groups: list[list[str]] = []
    for rule in ruleset.rules:
        words = [t for t in rule.terms if " " not in t]
        by_head: dict[str, list[str]] = {}
        for w in words[:6]:
            if len(w) >= 8:
                by_head.setdefault(w[:5], []).append(w)
        groups.extend(g for g in by_head.values() if len(g) > 1)
    synonyms: dict[str, list[str]] = {}
    for group in groups:
        for w in group:
            synonyms.setdefault(w, [])
            synonyms[w].extend(o for o in group if o != w and o not in synonyms[w])
    return synonyms


def settings_for(ruleset=None) -> dict:
    return {
        "searchableAttributes": SEARCHABLE,
        "filterableAttributes": FILTERABLE,
        "sortableAttributes": SORTABLE,
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 100000},
        "localizedAttributes": [{"attributePatterns": TEXT_FIELDS, "locales": ["swe"]}],
        "synonyms": synonyms_from_ruleset(ruleset) if ruleset is not None else {},
        "typoTolerance": {"disableOnAttributes": ["case_ref"]},
    }


def _quote(value) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def filter_expression(filters: dict[str, list[str]]) -> list[str]:
    """Meilisearch filter array: one `field IN [...]` per facet (OR within, AND across)."""
    out = []
    for facet, values in filters.items():
        if values:
            out.append(f"{FACET_FIELDS[facet]} IN [{', '.join(_quote(v) for v in values)}]")
    return out


class MeiliBackend(SearchBackend):
    name = "meilisearch"

    def __init__(self, url: str, api_key: str | None, index: str, timeout: float = 5,
                 task_timeout_ms: int = 60_000, ruleset=None) -> None:
        self.client = meilisearch.Client(url, api_key, timeout=timeout)
        self.uid = index
        self.task_timeout_ms = task_timeout_ms
        self._ruleset = ruleset

    def _settings(self) -> dict:
        ruleset = self._ruleset
        if ruleset is None:
            from ...profile.operations import active_ruleset
            ruleset = active_ruleset()
        return settings_for(ruleset)

    def _wait(self, task_info) -> None:
        task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=self.task_timeout_ms,
                                         interval_in_ms=20)
        if task.status != "succeeded":
            error = task.error or {}
            raise SearchBackendError(f"task {task.uid} {task.status}: {error.get('code')} {error.get('message')}")

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (MeilisearchCommunicationError, MeilisearchTimeoutError) as exc:
            raise SearchBackendError(f"Meilisearch unreachable: {exc}") from exc
        except MeilisearchApiError as exc:
            raise SearchBackendError(f"Meilisearch refused: {exc.code}: {exc.message}") from exc

    def _ensure_index(self, uid: str) -> bool:
        try:
            self.client.get_raw_index(uid)
            return False
        except MeilisearchApiError as exc:
            if exc.code != "index_not_found":
                raise
        self._wait(self.client.create_index(uid, {"primaryKey": "key"}))
        return True

    def _apply_settings(self, uid: str) -> list[str]:
        wanted = self._settings()
        current = self.client.index(uid).get_settings()
        changed = [k for k, v in wanted.items() if current.get(k) != v]
        if changed:
            self._wait(self.client.index(uid).update_settings({k: wanted[k] for k in changed}))
        return changed

    def setup(self) -> dict:
        def run():
            created = self._ensure_index(self.uid)
            return {"backend": self.name, "index": self.uid, "created": created,
                    "settings_changed": self._apply_settings(self.uid)}
        return self._call(run)

    def upsert(self, documents: list[dict]) -> None:
        if documents:
            self._call(lambda: self._wait(self.client.index(self.uid).add_documents(documents, primary_key="key")))

    def delete(self, keys: list[str]) -> None:
        if keys:
            expr = f"key IN [{', '.join(_quote(k) for k in keys)}]"
            self._call(lambda: self._wait(self.client.index(self.uid).delete_documents(filter=expr)))

    def search(self, query: SearchQuery) -> SearchResult:
        params = {"filter": filter_expression(query.filters), "facets": [FACET_FIELDS[f] for f in query.facets],
                  "page": query.page, "hitsPerPage": query.per_page, "matchingStrategy": "all"}
        if query.sort in SORT_FIELDS:
            params["sort"] = [SORT_FIELDS[query.sort]]
        elif not terms(query.q):
            params["sort"] = [SORT_FIELDS["newest"]]
        q = " ".join(terms(query.q))
        res = self._call(self.client.index(self.uid).search, q, params)
        back = {v: k for k, v in FACET_FIELDS.items()}
        distribution = {back[f]: {str(k): v for k, v in counts.items()}
                        for f, counts in (res.get("facetDistribution") or {}).items() if counts}
        return SearchResult(hits=res["hits"], facet_distribution=distribution,
                            total=res.get("totalHits", 0), page=query.page, per_page=query.per_page)

    def rebuild(self, batches) -> int:
        """Fill a fresh index, swap it with the live one atomically, drop the old one."""
        tmp = f"{self.uid}_rebuild_{uuid.uuid4().hex[:8]}"

        def run():
            self._ensure_index(self.uid)
            self._ensure_index(tmp)
            self._apply_settings(tmp)
            n = 0
            for batch in batches:
                if batch:
                    self._wait(self.client.index(tmp).add_documents(batch, primary_key="key"))
                    n += len(batch)
            self._wait(self.client.swap_indexes([{"indexes": [self.uid, tmp]}]))
            self._wait(self.client.delete_index(tmp))
            return n
        return self._call(run)

    def all_documents(self) -> list[dict]:
        def run():
            out, offset = [], 0
            while True:
                page = self.client.http.get(f"indexes/{self.uid}/documents?limit=1000&offset={offset}")
                out.extend(page["results"])
                offset += len(page["results"])
                if not page["results"] or offset >= page["total"]:
                    return sorted(out, key=lambda d: d["key"])
        return self._call(run)

    def health(self) -> str:
        try:
            status = self.client.health().get("status")
        except Exception as exc:  # report, never raise: used by /healthz
            return f"error: {type(exc).__name__}"
        return "ok" if status == "available" else f"error: {status}"
