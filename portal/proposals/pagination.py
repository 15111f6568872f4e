"""Keyset pagination for proposal lists: a page costs the same however deep it is.

A page is read by seeking in the list's index to the key (sort value, id) of the row before it,
never by skipping rows with OFFSET. Links between pages carry that key as a cursor
(`after=` / `before=`); a bare `page=N` (typed, bookmarked) starts from the nearest of the
list's anchors, the keys of every ANCHOR_EVERY-th row, and skips fewer than ANCHOR_EVERY rows
from there. The total (a count over the list's index) is kept per process for LIST_OUTLINE_SECONDS,
the anchors (one window query) for a minute; with 0 both are read on every request, as in tests.
"""
from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import Select, func, or_, select, tuple_

from ..extensions import db
from .models import Proposal

ANCHOR_EVERY = 1000
MAX_SHARED = 256
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_CURSOR = re.compile(r"^(-?\d{1,20})\.(\d{1,12})$")


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int
    next_cursor: str | None = None  # the key of the page's last row: `after=` gives the next page
    prev_cursor: str | None = None  # the key of its first row: `before=` gives the previous page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class Order:
    """A list's order: one column, then the id in the same direction (the tiebreak)."""

    column: object
    descending: bool

    def encode(self, value, row_id: int) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            value = (value - EPOCH) // timedelta(microseconds=1)
        return f"{int(value)}.{int(row_id)}"

    def decode(self, cursor: str | None):
        """(value, id) from a cursor, or None for anything malformed (it is then ignored)."""
        m = _CURSOR.match(cursor or "")
        if not m:
            return None
        raw, row_id = int(m.group(1)), int(m.group(2))
        if abs(raw) >= 2**62 or row_id >= 2**31:  # beyond the columns' range: not a key of this list
            return None
        if self._is_time():
            try:
                return EPOCH + timedelta(microseconds=raw), row_id
            except OverflowError:
                return None
        return raw, row_id

    def _is_time(self) -> bool:
        from ..db import UTCDateTime
        return isinstance(self.column.type, UTCDateTime)

    def beyond(self, key, forward: bool = True):
        """Rows after `key` in list order (forward) or before it; a range on the index's columns."""
        value, row_id = key
        later = self.descending == forward  # descending and forward: smaller values come later
        col = self.column
        # A row-value comparison: both databases seek it in the (…, column, id) index, ties included.
        if later:
            return tuple_(col, Proposal.id) < tuple_(value, row_id)
        return tuple_(col, Proposal.id) > tuple_(value, row_id)

    def by(self, forward: bool = True):
        desc = self.descending == forward
        return (self.column.desc(), Proposal.id.desc()) if desc else (self.column.asc(), Proposal.id.asc())


ANCHOR_SECONDS = 60  # anchors only place bare page=N links: a minute old shifts a page by a few rows


class _Shared:
    """A few seconds of per-process memory for a list's total and anchors, keyed by list."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple, tuple[float, object]] = OrderedDict()

    def get(self, key, ttl: float, compute):
        if not ttl:
            return compute()
        key = (db.engine.url.render_as_string(), *key)
        now = time.monotonic()
        hit = self.entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = compute()
        self.entries[key] = (now + ttl, value)
        self.entries.move_to_end(key)
        while len(self.entries) > MAX_SHARED:
            self.entries.popitem(last=False)
        return value


_shared = _Shared()


def _ttl() -> float:
    ttl = current_app.config.get("LIST_OUTLINE_SECONDS")
    return current_app.config.get("PAGE_CACHE_SECONDS", 0) if ttl is None else ttl


def total(stmt: Select, cache_key) -> int:
    """The list's length: a count over its index, shared for a few seconds per process."""
    def count():
        return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return _shared.get(("total", cache_key), _ttl() if cache_key is not None else 0, count)


def anchors(stmt: Select, order: Order, cache_key) -> list:
    """The keys of rows ANCHOR_EVERY, 2 * ANCHOR_EVERY, ... in list order: one pass over the index."""
    def compute():
        rank = func.row_number().over(order_by=order.by()).label("rank")
        inner = stmt.order_by(None).add_columns(order.column.label("key"), rank).subquery()
        return [(r.key, r.id) for r in db.session.execute(
            select(inner.c.key, inner.c.id).where(inner.c.rank % ANCHOR_EVERY == 0).order_by(inner.c.rank))]
    ttl = max(_ttl(), ANCHOR_SECONDS) if _ttl() and cache_key is not None else 0
    return _shared.get(("anchors", cache_key), ttl, compute)


def keyset_page(stmt: Select, order: Order, page: int, per_page: int, *, after: str | None = None,
                before: str | None = None, load=None, cache_key=None) -> Page:
    """One page of `stmt` (which selects Proposal.id, unordered or in `order`), by key, never by OFFSET
    over the rows before it. `after`/`before` are cursors from a neighbouring page's links."""
    n = total(stmt, cache_key)
    pages = max(1, -(-n // per_page))
    page = min(max(1, page), pages)
    keyed = stmt.order_by(None).add_columns(order.column)
    after_key, before_key = order.decode(after), order.decode(before)
    if after_key is not None:
        rows = db.session.execute(keyed.where(order.beyond(after_key)).order_by(*order.by()).limit(per_page)).all()
    elif before_key is not None:
        rows = db.session.execute(keyed.where(order.beyond(before_key, forward=False))
                                  .order_by(*order.by(forward=False)).limit(per_page)).all()[::-1]
    else:
        start = (page - 1) * per_page  # rows before this page
        marks = anchors(stmt, order, cache_key) if start >= ANCHOR_EVERY else []
        anchor_no = min(start // ANCHOR_EVERY, len(marks))
        skip = start - anchor_no * ANCHOR_EVERY  # fewer than ANCHOR_EVERY (while the anchors are fresh)
        seek = keyed.where(order.beyond(marks[anchor_no - 1])) if anchor_no else keyed
        rows = db.session.execute(seek.order_by(*order.by()).limit(per_page).offset(skip)).all()
    ids = [r[0] for r in rows]
    items = load(ids) if load else ids
    next_cursor = order.encode(rows[-1][1], rows[-1][0]) if rows and page < pages else None
    prev_cursor = order.encode(rows[0][1], rows[0][0]) if rows and page > 1 else None
    return Page(items=items, page=page, per_page=per_page, total=n,
                next_cursor=next_cursor, prev_cursor=prev_cursor)
