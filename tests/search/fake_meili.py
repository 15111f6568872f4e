"""A loopback server that answers as the documented Meilisearch HTTP API does (the subset we use).

Tasks are asynchronous as in Meilisearch: a write answers 202 with an enqueued task; the task is
processed (in order) on the next request, and GET /tasks/{uid} reports succeeded or failed with
timestamps that carry nine fractional digits. Errors are {"message", "code", "type", "link"} with
the documented HTTP status. `stop()` and `start()` take the server down and up on the same port;
`fail_tasks = True` makes every processed task fail."""
from __future__ import annotations

import copy
import json
import re
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DEFAULT_SETTINGS = {
    "displayedAttributes": ["*"], "searchableAttributes": ["*"], "filterableAttributes": [],
    "sortableAttributes": [], "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    "stopWords": [], "nonSeparatorTokens": [], "separatorTokens": [], "dictionary": [], "synonyms": {},
    "distinctAttribute": None, "proximityPrecision": "byWord",
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
                      "disableOnWords": [], "disableOnAttributes": []},
    "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
    "pagination": {"maxTotalHits": 1000}, "localizedAttributes": None, "searchCutoffMs": None,
}
_WORD = re.compile(r"\w+", re.UNICODE)
_FILTER = re.compile(r"^\s*(\w+)\s+IN\s+(\[.*\])\s*$|^\s*(\w+)\s*=\s*(.+?)\s*$", re.S)


def now() -> str:
    t = datetime.now(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}123Z"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, type_: str = "invalid_request"):
        super().__init__(message)
        self.status, self.code, self.message, self.type = status, code, message, type_

    def body(self) -> dict:
        return {"message": self.message, "code": self.code, "type": self.type,
                "link": f"https://docs.meilisearch.com/errors#{self.code}"}


class FakeMeili:
    def __init__(self, master_key: str | None = None):
        self.master_key = master_key
        self.indexes: dict[str, dict] = {}
        self.tasks: list[dict] = []
        self.jobs: dict[int, callable] = {}
        self.lock = threading.RLock()
        self.fail_tasks = False
        self.requests: list[tuple[str, str]] = []
        self.port = 0
        self.server = None
        self.thread = None

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "FakeMeili":
        fake = self

        class Handler(_Handler):
            meili = fake

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Down: the port refuses connections until start() again (the data survives, as on disk)."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    # -- tasks ---------------------------------------------------------------------------
    def enqueue(self, index_uid: str | None, type_: str, job) -> dict:
        with self.lock:
            uid = len(self.tasks)
            task = {"uid": uid, "indexUid": index_uid, "status": "enqueued", "type": type_,
                    "canceledBy": None, "details": {}, "error": None, "duration": None,
                    "enqueuedAt": now(), "startedAt": None, "finishedAt": None}
            self.tasks.append(task)
            self.jobs[uid] = job
            return {"taskUid": uid, "indexUid": index_uid, "status": "enqueued", "type": type_,
                    "enqueuedAt": task["enqueuedAt"]}

    def process(self) -> None:
        with self.lock:
            for task in self.tasks:
                if task["status"] != "enqueued":
                    continue
                task["startedAt"] = now()
                try:
                    if self.fail_tasks:
                        raise ApiError(500, "internal", "the fake was told to fail tasks", "internal")
                    task["details"] = self.jobs.pop(task["uid"])() or {}
                    task["status"] = "succeeded"
                except ApiError as exc:
                    self.jobs.pop(task["uid"], None)
                    task["status"], task["error"] = "failed", exc.body()
                task["finishedAt"] = now()
                task["duration"] = "PT0.000123S"

    # -- indexes -------------------------------------------------------------------------
    def _index(self, uid: str, create: bool = False, primary_key: str | None = None) -> dict:
        if uid not in self.indexes:
            if not create:
                raise ApiError(404, "index_not_found", f"Index `{uid}` not found.")
            self.indexes[uid] = {"uid": uid, "primaryKey": primary_key, "docs": {},
                                 "settings": copy.deepcopy(DEFAULT_SETTINGS),
                                 "createdAt": now(), "updatedAt": now()}
        return self.indexes[uid]

    def info(self, uid: str) -> dict:
        ix = self._index(uid)
        return {k: ix[k] for k in ("uid", "primaryKey", "createdAt", "updatedAt")}

    # -- search --------------------------------------------------------------------------
    def _matches_filter(self, doc: dict, expr, filterable) -> bool:
        if isinstance(expr, list):
            return any(self._matches_filter(doc, e, filterable) for e in expr)
        m = _FILTER.match(expr)
        if not m:
            raise ApiError(400, "invalid_search_filter", f"Was expecting an operation at `{expr}`.")
        field = m.group(1) or m.group(3)
        if field not in filterable:
            raise ApiError(400, "invalid_search_filter", f"Attribute `{field}` is not filterable.")
        try:
            wanted = json.loads(m.group(2)) if m.group(1) else [json.loads(m.group(4))]
        except json.JSONDecodeError:
            raise ApiError(400, "invalid_search_filter", f"Malformed filter `{expr}`.") from None
        value = doc.get(field)
        values = value if isinstance(value, list) else [value]
        return bool({str(v) for v in values if v is not None} & {str(w) for w in wanted})

    def search(self, uid: str, body: dict) -> dict:
        ix = self._index(uid)
        s = ix["settings"]
        filters = body.get("filter") or []
        if isinstance(filters, str):
            filters = [filters]
        sort = body.get("sort") or []
        for spec in sort:
            if spec.split(":")[0] not in s["sortableAttributes"]:
                raise ApiError(400, "invalid_search_sort", f"Attribute `{spec.split(':')[0]}` is not sortable.")
        for f in body.get("facets") or []:
            if f not in s["filterableAttributes"]:
                raise ApiError(400, "invalid_search_facets", f"Attribute `{f}` is not filterable.")
        page = int(body.get("page") or 1)
        per = int(body.get("hitsPerPage") or 20)
        if page < 1 or per < 0:
            raise ApiError(400, "invalid_search_page", "`page` must be greater than 0.")
        searchable = s["searchableAttributes"]
        terms = [t.casefold() for t in _WORD.findall(body.get("q") or "")]
        found = []
        for doc in ix["docs"].values():
            if not all(self._matches_filter(doc, f, s["filterableAttributes"]) for f in filters):
                continue
            score = self._score(doc, terms, searchable, s["synonyms"])
            if score is not None:
                found.append((score, doc))
        found.sort(key=lambda t: t[0])
        for spec in reversed(sort):
            field, direction = spec.split(":")
            present = [t for t in found if t[1].get(field) is not None]
            missing = [t for t in found if t[1].get(field) is None]
            present.sort(key=lambda t: t[1][field], reverse=direction == "desc")
            found = present + missing
        total = min(len(found), s["pagination"]["maxTotalHits"])
        docs = [d for _, d in found][:total]
        distribution = {}
        for f in body.get("facets") or []:
            counts: dict[str, int] = {}
            for d in docs:
                v = d.get(f)
                for x in (v if isinstance(v, list) else [v]):
                    if x is not None:
                        counts[str(x)] = counts.get(str(x), 0) + 1
            distribution[f] = dict(sorted(counts.items())[: s["faceting"]["maxValuesPerFacet"]])
        start = (page - 1) * per
        return {"hits": copy.deepcopy(docs[start:start + per]), "query": body.get("q") or "",
                "processingTimeMs": 0, "hitsPerPage": per, "page": page,
                "totalPages": -(-total // per) if per else 0, "totalHits": total,
                "facetDistribution": distribution, "facetStats": {}}

    @staticmethod
    def _score(doc, terms, searchable, synonyms):
        """None when a term is missing (matchingStrategy "all"); else the sum of attribute ranks."""
        fields = [k for k in doc if k != "key"] if searchable == ["*"] else searchable
        words = [[w.casefold() for w in _WORD.findall(str(doc.get(f) or ""))] for f in fields]
        score = 0
        for i, term in enumerate(terms):
            options = [term] + [o.casefold() for o in synonyms.get(term, [])]
            last = i == len(terms) - 1
            best = None
            for rank, ws in enumerate(words):
                if any(w == o or (last and w.startswith(o)) or w.startswith(o) for w in ws for o in options):
                    best = rank
                    break
            if best is None:
                return None
            score += best
        return score


class _Handler(BaseHTTPRequestHandler):
    meili: FakeMeili
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        if not raw:
            return None
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise ApiError(400, "malformed_payload", "The json payload provided is malformed.") from None

    def _handle(self, method: str) -> None:
        m = self.meili
        url = urlparse(self.path)
        path = url.path.strip("/").split("/")
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        m.requests.append((method, url.path))
        try:
            if m.master_key and path != ["health"]:
                auth = self.headers.get("Authorization")
                if not auth:
                    raise ApiError(401, "missing_authorization_header", "The Authorization header is missing.", "auth")
                if auth != f"Bearer {m.master_key}":
                    raise ApiError(403, "invalid_api_key", "The provided API key is invalid.", "auth")
            body = self._body() if method in ("POST", "PATCH", "PUT") else None
            m.process()
            status, out = self._route(method, path, query, body)
        except ApiError as exc:
            status, out = exc.status, exc.body()
        self._send(status, out)

    def _route(self, method, path, query, body):
        m = self.meili
        with m.lock:
            if path == ["health"]:
                return 200, {"status": "available"}
            if path == ["stats"]:
                return 200, {"databaseSize": 0, "lastUpdate": now(), "indexes": {
                    u: {"numberOfDocuments": len(ix["docs"]), "isIndexing": False} for u, ix in m.indexes.items()}}
            if path[0] == "tasks" and len(path) == 2 and method == "GET":
                uid = int(path[1]) if path[1].isdigit() else -1
                if not 0 <= uid < len(m.tasks):
                    raise ApiError(404, "task_not_found", f"Task `{path[1]}` not found.")
                return 200, m.tasks[uid]
            if path == ["swap-indexes"] and method == "POST":
                pairs = [p["indexes"] for p in body or []]

                def swap():
                    for a, b in pairs:
                        ia, ib = m._index(a), m._index(b)
                        m.indexes[a], m.indexes[b] = {**ib, "uid": a}, {**ia, "uid": b}
                    return {"swaps": body}
                return 202, m.enqueue(None, "indexSwap", swap)
            if path == ["indexes"] and method == "POST":
                uid, pk = body["uid"], body.get("primaryKey")

                def create():
                    if uid in m.indexes:
                        raise ApiError(409, "index_already_exists", f"Index `{uid}` already exists.")
                    m._index(uid, True, pk)
                    return {"primaryKey": pk}
                return 202, m.enqueue(uid, "indexCreation", create)
            if path[0] != "indexes" or len(path) < 2:
                raise ApiError(404, "not_found", "Not found.")
            uid, rest = path[1], path[2:]
            if not rest:
                if method == "GET":
                    return 200, m.info(uid)
                if method == "DELETE":
                    def drop():
                        m._index(uid)
                        del m.indexes[uid]
                        return {"deletedDocuments": 0}
                    return 202, m.enqueue(uid, "indexDeletion", drop)
            if rest == ["settings"]:
                if method == "GET":
                    return 200, copy.deepcopy(m._index(uid)["settings"])
                if method == "PATCH":
                    def apply():
                        m._index(uid, True)["settings"].update(copy.deepcopy(body))
                        return body
                    return 202, m.enqueue(uid, "settingsUpdate", apply)
            if rest == ["search"] and method == "POST":
                return 200, m.search(uid, body or {})
            if rest == ["stats"] and method == "GET":
                ix = m._index(uid)
                return 200, {"numberOfDocuments": len(ix["docs"]), "isIndexing": False, "fieldDistribution": {}}
            if rest == ["documents"] and method == "GET":
                docs = sorted(m._index(uid)["docs"].values(), key=lambda d: str(d.get("key")))
                off, lim = int(query.get("offset", 0)), int(query.get("limit", 20))
                return 200, {"results": docs[off:off + lim], "offset": off, "limit": lim, "total": len(docs)}
            if rest == ["documents"] and method in ("POST", "PUT"):
                docs, pk = body, query.get("primaryKey")

                def add():
                    ix = m._index(uid, True, pk)
                    ix["primaryKey"] = ix["primaryKey"] or pk
                    key = ix["primaryKey"]
                    for d in docs:
                        if not re.fullmatch(r"[A-Za-z0-9_-]{1,511}", str(d.get(key, ""))):
                            raise ApiError(400, "invalid_document_id", f"Document identifier `{d.get(key)}` is invalid.")
                    for d in docs:
                        ix["docs"][str(d[key])] = copy.deepcopy(d)
                    return {"receivedDocuments": len(docs), "indexedDocuments": len(docs)}
                return 202, m.enqueue(uid, "documentAdditionOrUpdate", add)
            if rest == ["documents", "delete"] and method == "POST":
                expr = (body or {}).get("filter")

                def delete():
                    ix = m._index(uid)
                    exprs = expr if isinstance(expr, list) else [expr]
                    gone = [k for k, d in ix["docs"].items()
                            if all(m._matches_filter(d, e, ix["settings"]["filterableAttributes"]) for e in exprs)]
                    for k in gone:
                        del ix["docs"][k]
                    return {"deletedDocuments": len(gone)}
                return 202, m.enqueue(uid, "documentDeletion", delete)
        raise ApiError(404, "not_found", f"{method} /{'/'.join(path)} is not part of this fake.")

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PATCH(self):
        self._handle("PATCH")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")
