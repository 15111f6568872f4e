"""The embedded backend: the portal's own database (SQLite FTS5, or PostgreSQL full text)."""
from __future__ import annotations

import threading
import uuid

from sqlalchemy import delete, func, insert, literal_column, select, text, update

from ...extensions import db
from ..interface import FACET_FIELDS, SearchBackend, SearchQuery, SearchResult
from ..models import SearchChange as SC, SearchDocument as SD, SearchFacet as SF, SearchState
from ..text import fts5_match, pg_tsquery, terms
from .facets import Snapshot

FTS_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
           "title, summary, body, case_ref, tokenize = 'unicode61 remove_diacritics 0', "
           "prefix = '2 3 4 5 6 7')")  # prefix indexes: "lekpl" finds "lekplats" without a term scan
PG_TSV = ("setweight(to_tsvector('swedish', coalesce(document->>'title', '')), 'A') || "
          "setweight(to_tsvector('simple', regexp_replace(coalesce(document->>'case_ref', ''), '[^[:alnum:]]+', ' ', 'g')), 'A') || "
          "setweight(to_tsvector('swedish', coalesce(document->>'summary', '')), 'B') || "
          "setweight(to_tsvector('swedish', coalesce(document->>'body', '')), 'C')")


def _dialect() -> str:
    return db.session.get_bind().dialect.name


# A snapshot further behind than this many changes is built afresh; the log keeps a few times more.
MAX_APPLY = 20_000
KEEP_CHANGES = 100_000


def _raw_rows(sql: str, params: tuple = ()) -> list[tuple]:
    """Many small rows straight from the driver, on the session's connection (and transaction):
    SQLAlchemy's per-row processing would cost more than the query itself."""
    cursor = db.session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def facet_rows(doc: dict, document_id: int) -> list[dict]:
    rows = []
    for facet, fieldname in FACET_FIELDS.items():
        value = doc.get(fieldname)
        values = value if isinstance(value, list) else [value]
        for v in dict.fromkeys(str(x) for x in values if x is not None and x != ""):
            rows.append({"document_id": document_id, "facet": facet, "value": v[:80]})
    return rows


class DatabaseBackend(SearchBackend):
    """Writes and reads go through the current session, so they share the caller's transaction."""

    name = "database"

    def __init__(self) -> None:
        self._cache: Snapshot | None = None
        self._lock = threading.Lock()  # one thread at a time reads or updates the snapshot

    def _write_lock(self) -> None:
        """Writers queue on the state row (PostgreSQL; SQLite has one writer anyway), so changes
        are numbered in commit order and a reader never sees a later change before an earlier one."""
        if db.session.execute(select(SearchState.id).where(SearchState.id == 1).with_for_update()).first() is None:
            db.session.execute(insert(SearchState).values(id=1, generation=uuid.uuid4().hex))

    def _log(self, ids) -> None:
        """Record the touched document ids, and forget changes no snapshot will ask for."""
        ids = list(ids)
        if not ids:
            return
        db.session.execute(insert(SC), [{"document_id": i} for i in ids])
        newest = db.session.scalar(select(func.max(SC.id)))
        if newest and newest % 1000 < len(ids):  # now and then, not on every write
            db.session.execute(delete(SC).where(SC.id <= newest - KEEP_CHANGES))

    def _touch(self) -> None:
        """A new generation (after a rebuild): every process's facet snapshot reloads on its next search."""
        token = uuid.uuid4().hex
        if not db.session.execute(update(SearchState).where(SearchState.id == 1)
                                  .values(generation=token)).rowcount:
            db.session.execute(insert(SearchState).values(id=1, generation=token))

    # -- schema ----------------------------------------------------------------------------
    def _has_fts(self) -> bool:
        return bool(db.session.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'")).first())

    def _ensure_fts(self) -> bool:
        if _dialect() != "sqlite":
            return False
        if self._has_fts():
            return False
        db.session.execute(text(FTS_DDL))
        # Documents indexed before the text table existed get their text now.
        self._fts_insert(db.session.execute(select(SD.id, SD.document)).all())
        return True

    def setup(self) -> dict:
        created = self._ensure_fts()
        return {"backend": self.name, "dialect": _dialect(), "text_index_created": created}

    # -- writes ----------------------------------------------------------------------------
    def _fts_insert(self, rows) -> None:
        params = [{"id": i, "title": d.get("title") or "", "summary": d.get("summary") or "",
                   "body": d.get("body") or "", "case_ref": d.get("case_ref") or ""} for i, d in rows]
        if params:
            db.session.execute(text("INSERT INTO search_fts (rowid, title, summary, body, case_ref) "
                                    "VALUES (:id, :title, :summary, :body, :case_ref)"), params)

    def _remove(self, keys: list[str]) -> None:
        ids = list(db.session.scalars(select(SD.id).where(SD.key.in_(keys))))
        if not ids:
            return
        self._log(ids)
        if _dialect() == "sqlite":
            # Integers only (str(int(i))): nothing from a request reaches this statement.
            db.session.execute(text("DELETE FROM search_fts WHERE rowid IN (%s)" % ",".join(str(int(i)) for i in ids)))  # nosec B608
        db.session.execute(delete(SF).where(SF.document_id.in_(ids)))
        db.session.execute(delete(SD).where(SD.id.in_(ids)))

    def upsert(self, documents: list[dict]) -> None:
        if not documents:
            return
        sqlite = _dialect() == "sqlite"
        if sqlite:
            self._ensure_fts()
        self._write_lock()
        documents = list({d["key"]: d for d in documents}.values())
        for start in range(0, len(documents), 500):
            chunk = documents[start:start + 500]
            self._remove([d["key"] for d in chunk])
            rows = db.session.execute(insert(SD).returning(SD.id, SD.key), [
                {"key": d["key"], "kind": d["kind"], "published_ts": d.get("published_at") or 0,
                 "support_count": d.get("support_count") or 0, "deadline_ts": d.get("deadline"),
                 "document": d} for d in chunk]).all()
            ids = {key: i for i, key in rows}
            self._log(ids.values())
            facets = [r for d in chunk for r in facet_rows(d, ids[d["key"]])]
            if facets:
                db.session.execute(insert(SF), facets)
            if sqlite:
                self._fts_insert([(ids[d["key"]], d) for d in chunk])
            else:
                db.session.execute(update(SD).where(SD.id.in_(list(ids.values())))
                                   .values(tsv=literal_column(PG_TSV)))
        db.session.flush()

    def delete(self, keys: list[str]) -> None:
        if keys:
            self._write_lock()
        for start in range(0, len(keys), 500):
            self._remove(keys[start:start + 500])
        db.session.flush()

    def rebuild(self, batches) -> int:
        """Empty and refill inside the caller's transaction: readers see the old index until commit."""
        if _dialect() == "sqlite":
            db.session.execute(text("DROP TABLE IF EXISTS search_fts"))
            db.session.execute(text(FTS_DDL))
        db.session.execute(delete(SF))
        db.session.execute(delete(SD))
        self._touch()
        n = 0
        for batch in batches:
            self.upsert(batch)
            n += len(batch)
        return n

    # -- reads -----------------------------------------------------------------------------
    def _generation(self) -> str | None:
        return db.session.scalar(select(SearchState.generation).where(SearchState.id == 1))

    def _snapshot(self) -> Snapshot:
        """This process's snapshot, brought up to date: the changes since it was made are applied
        (a few small queries); only a new generation (a rebuild) or a long absence builds it afresh."""
        generation = self._generation()
        cached = self._cache
        if cached is not None and cached.generation == generation:
            changes = db.session.execute(select(SC.id, SC.document_id).where(SC.id > cached.seq)
                                         .order_by(SC.id).limit(MAX_APPLY + 1)).all()
            if not changes:
                return cached
            if len(changes) <= MAX_APPLY:
                touched = {doc_id for _, doc_id in changes}
                keys, facets = [], []
                for start in range(0, len(touched), 5000):
                    chunk = list(touched)[start:start + 5000]
                    keys += [tuple(r) for r in db.session.execute(
                        select(SD.id, SD.published_ts, SD.support_count, SD.deadline_ts).where(SD.id.in_(chunk)))]
                    facets += [tuple(r) for r in db.session.execute(
                        select(SF.document_id, SF.facet, SF.value).where(SF.document_id.in_(chunk)))]
                cached.apply(touched, keys, facets, changes[-1][0])
                return cached
        seq = db.session.scalar(select(func.coalesce(func.max(SC.id), 0)))  # first: later changes apply again
        concat = "group_concat(document_id)" if _dialect() == "sqlite" else "string_agg(document_id::text, ',')"
        # `concat` is a constant of this module, not input.
        values = _raw_rows(f"SELECT facet, value, {concat} FROM search_facets GROUP BY facet, value")  # nosec B608
        keys = _raw_rows("SELECT id, published_ts, support_count, deadline_ts FROM search_documents")
        snapshot = Snapshot(generation, values, keys, seq)
        self._cache = snapshot
        return snapshot

    def _text_ids(self, q: str, title_only: bool = False) -> list[int]:
        """Ids of documents whose text matches every term (as a prefix); title_only: in the
        title or case reference, the attributes that weigh most."""
        if _dialect() == "sqlite":
            expr = fts5_match(q)
            if expr is None or not self._has_fts():
                return []
            if title_only:
                expr = "{title case_ref} : (" + expr + ")"
            return [r[0] for r in _raw_rows("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (expr,))]
        expr = pg_tsquery(q, weights="A" if title_only else "")
        if expr is None:
            return []
        tsq = func.to_tsquery(literal_column("'swedish'"), expr)
        return list(db.session.scalars(select(SD.id).where(SD.tsv.op("@@")(tsq))))

    def search(self, query: SearchQuery) -> SearchResult:
        with self._lock:
            return self._search(query)

    def _search(self, query: SearchQuery) -> SearchResult:
        snap = self._snapshot()
        m = snap.filter_mask(query.filters)
        has_text = bool(terms(query.q))
        if has_text and m:
            m &= snap.mask_of_ids(self._text_ids(query.q))
        total = m.bit_count()
        distribution = snap.distribution(m, query.facets) if total else {}
        offset = (query.page - 1) * query.per_page
        hits: list[dict] = []
        if total and offset < total:
            tiers = [m]
            if has_text and query.sort == "relevance":
                # Matches in the title (or case reference) first, as Meilisearch's attribute rule does.
                best = m & snap.mask_of_ids(self._text_ids(query.q, title_only=True))
                tiers = [best, m & ~best]
            order = query.sort if query.sort in ("newest", "support", "deadline") else "newest"
            ids = snap.page(tiers, order, offset, query.per_page)
            by_id = dict(db.session.execute(select(SD.id, SD.document).where(SD.id.in_(ids))).all())
            hits = [by_id[i] for i in ids if i in by_id]
        return SearchResult(hits=hits, facet_distribution=distribution, total=total,
                            page=query.page, per_page=query.per_page)

    def all_documents(self) -> list[dict]:
        return list(db.session.scalars(select(SD.document).order_by(SD.key)))

    def health(self) -> str:
        try:
            db.session.execute(select(func.count(SD.id))).scalar()
        except Exception as exc:  # report, never raise
            return f"error: {type(exc).__name__}"
        return "ok"
