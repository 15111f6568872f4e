"""The embedded backend: the portal's own database (SQLite FTS5, or PostgreSQL full text)."""
from __future__ import annotations

from sqlalchemy import Float, Integer, delete, func, insert, literal_column, select, text, update

from ...extensions import db
from ..interface import FACET_FIELDS, SearchBackend, SearchQuery, SearchResult
from ..models import SearchDocument as SD, SearchFacet as SF
from ..text import fts5_match, pg_tsquery

FTS_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
           "title, summary, body, case_ref, tokenize = 'unicode61 remove_diacritics 0')")
# Column weights, in the same order as Meilisearch's searchableAttributes.
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 10.0)"
PG_TSV = ("setweight(to_tsvector('swedish', coalesce(document->>'title', '')), 'A') || "
          "setweight(to_tsvector('simple', regexp_replace(coalesce(document->>'case_ref', ''), '[^[:alnum:]]+', ' ', 'g')), 'A') || "
          "setweight(to_tsvector('swedish', coalesce(document->>'summary', '')), 'B') || "
          "setweight(to_tsvector('swedish', coalesce(document->>'body', '')), 'C')")


def _dialect() -> str:
    return db.session.get_bind().dialect.name


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
        if _dialect() == "sqlite":
            db.session.execute(text("DELETE FROM search_fts WHERE rowid IN (%s)" % ",".join(str(int(i)) for i in ids)))
        db.session.execute(delete(SF).where(SF.document_id.in_(ids)))
        db.session.execute(delete(SD).where(SD.id.in_(ids)))

    def upsert(self, documents: list[dict]) -> None:
        if not documents:
            return
        sqlite = _dialect() == "sqlite"
        if sqlite:
            self._ensure_fts()
        documents = list({d["key"]: d for d in documents}.values())
        for start in range(0, len(documents), 500):
            chunk = documents[start:start + 500]
            self._remove([d["key"] for d in chunk])
            rows = db.session.execute(insert(SD).returning(SD.id, SD.key), [
                {"key": d["key"], "kind": d["kind"], "published_ts": d.get("published_at") or 0,
                 "support_count": d.get("support_count") or 0, "deadline_ts": d.get("deadline"),
                 "document": d} for d in chunk]).all()
            ids = {key: i for i, key in rows}
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
        n = 0
        for batch in batches:
            self.upsert(batch)
            n += len(batch)
        return n

    # -- reads -----------------------------------------------------------------------------
    def _matches(self, q: str):
        """A subquery (id, rank) of documents matching the text, lower rank = better; None = all."""
        if _dialect() == "sqlite":
            expr = fts5_match(q)
            if expr is None:
                return None
            if not self._has_fts():
                return select(SD.id.label("id"), literal_column("0.0").label("rank")).where(False).subquery("m")
            return (text(f"SELECT rowid AS id, {BM25} AS rank FROM search_fts WHERE search_fts MATCH :m")
                    .bindparams(m=expr).columns(id=Integer, rank=Float).subquery("m"))
        expr = pg_tsquery(q)
        if expr is None:
            return None
        tsq = func.to_tsquery(literal_column("'swedish'"), expr)
        return (select(SD.id.label("id"), (-func.ts_rank(SD.tsv, tsq)).label("rank"))
                .where(SD.tsv.op("@@")(tsq)).subquery("m"))

    def search(self, query: SearchQuery) -> SearchResult:
        m = self._matches(query.q)
        stmt = select(SD.id.label("id"))
        if m is not None:
            stmt = select(SD.id.label("id"), m.c.rank.label("rank")).join(m, m.c.id == SD.id)
        for facet, values in query.filters.items():
            if values:
                stmt = stmt.where(SD.id.in_(select(SF.document_id).where(
                    SF.facet == facet, SF.value.in_([str(v) for v in values]))))
        matched = stmt.subquery("matched")
        total = db.session.scalar(select(func.count()).select_from(matched))
        distribution: dict[str, dict[str, int]] = {}
        if query.facets and total:
            counts = db.session.execute(
                select(SF.facet, SF.value, func.count()).where(
                    SF.document_id.in_(select(matched.c.id)), SF.facet.in_(list(query.facets)))
                .group_by(SF.facet, SF.value))
            for facet, value, n in counts:
                distribution.setdefault(facet, {})[value] = n
        order = {
            "newest": (SD.published_ts.desc(), SD.id.desc()),
            "support": (SD.support_count.desc(), SD.id.desc()),
            "deadline": (SD.deadline_ts.asc().nulls_last(), SD.id.asc()),
        }.get(query.sort)
        if order is None:  # relevance; without text the newest come first
            order = ((matched.c.rank.asc(),) if m is not None else ()) + (SD.published_ts.desc(), SD.id.desc())
        hits = []
        offset = (query.page - 1) * query.per_page
        if total and offset < total:
            hits = list(db.session.scalars(
                select(SD.document).join(matched, matched.c.id == SD.id).order_by(*order)
                .limit(query.per_page).offset(offset)))
        return SearchResult(hits=hits, facet_distribution=distribution, total=total or 0,
                            page=query.page, per_page=query.per_page)

    def all_documents(self) -> list[dict]:
        return list(db.session.scalars(select(SD.document).order_by(SD.key)))

    def health(self) -> str:
        try:
            db.session.execute(select(func.count(SD.id))).scalar()
        except Exception as exc:  # report, never raise
            return f"error: {type(exc).__name__}"
        return "ok"
