"""List pages are read by key, not by OFFSET: page 2 and page 5,000 cost the same.

Links between pages carry the key of the neighbouring row (`after=` / `before=`); a bare
`page=N` starts from the nearest anchor (the key of every ANCHOR_EVERY-th row) and skips fewer
than ANCHOR_EVERY rows. These tests walk whole lists both ways and compare them with the plain
ordered query, and check that the statements sent do not depend on how deep the page is.
"""
import re
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import event, select

from portal.demo.bulk import seed_bulk
from portal.proposals import pagination
from portal.proposals import queries as q

PER_PAGE = 7


@pytest.fixture
def city(db, app, monkeypatch):
    seed_bulk(160, 500, residents=40)
    monkeypatch.setitem(app.config, "PAGE_SIZE", PER_PAGE)
    monkeypatch.setattr(pagination, "ANCHOR_EVERY", 20)  # several anchors in a small list
    return db


def _everything(state=None, district=None, sort="newest"):
    return list(q.db.session.scalars(q.filtered(state, district, None, sort)))


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/proposals/(\d+)"', html)]


def _link(html: str, rel: str) -> str | None:
    m = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return m.group(1).replace("&amp;", "&") if m else None


@pytest.mark.parametrize("query, filters", [
    ("", {}),
    ("sort=support", {"sort": "support"}),
    ("status=published&sort=ending", {"state": "published", "sort": "ending"}),
    ("district=oxie&sort=support", {"district": "oxie", "sort": "support"}),
])
def test_following_the_links_walks_the_whole_list_in_order(city, client, query, filters):
    expected = _everything(**filters)
    assert len(expected) > 3 * PER_PAGE
    seen, url, pages = [], f"/proposals/?{query}", 0
    while url:
        html = client.get(url).text
        seen += _ids(html)
        pages += 1
        nxt = _link(html, "next")
        if nxt:
            assert "after=" in nxt and f"page={pages + 1}" in nxt
        url = nxt
    assert seen == expected  # ties (equal support counts) included, none twice, none left out
    # And back again with the previous-page links, from the last page.
    back = []
    while url := (_link(html, "prev") if html else None):
        assert "before=" in url
        html = client.get(url).text
        back = _ids(html) + back
    assert back == expected[:len(back)] and len(back) == len(expected) - len(_ids(client.get(
        f"/proposals/?{query}&page={pages}").text))


@pytest.mark.parametrize("sort", ["newest", "support"])
def test_a_bare_page_number_shows_the_same_rows_as_the_links(city, client, sort):
    expected = _everything(sort=sort)
    pages = -(-len(expected) // PER_PAGE)
    for n in (1, 2, 3, 4, 9, pages - 1, pages):
        ids = _ids(client.get(f"/proposals/?sort={sort}&page={n}").text)
        assert ids == expected[(n - 1) * PER_PAGE:n * PER_PAGE], n
    # Beyond the end: the last page, as before.
    assert _ids(client.get(f"/proposals/?sort={sort}&page=999999").text) == expected[(pages - 1) * PER_PAGE:]


@pytest.mark.parametrize("cursor", ["x", "1.2.3", "99999999999999999999999.1", "-5.abc", "1." + "9" * 12])
def test_a_malformed_or_foreign_cursor_is_ignored(city, client, cursor):
    r = client.get(f"/proposals/?page=2&after={cursor}")
    assert r.status_code == 200
    r = client.get(f"/api/v1/proposals?cursor={cursor}")
    assert r.status_code in (200, 400)


class Statements:
    def __init__(self, engine):
        self.engine, self.sent = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.sent.append((statement, parameters))


def _offset(sql: str, params) -> int:
    """The OFFSET a statement skips (0 without one)."""
    m = re.search(r"OFFSET (\?|%\((\w+)\)s|\d+)(::INTEGER)?\s*$", sql.strip(), re.I)
    if not m:
        return 0
    if m.group(1) == "?":
        return params[-1]
    return params[m.group(2)] if m.group(2) else int(m.group(1))


def _page_statements(db, **kwargs):
    with Statements(db.engine) as s:
        page = pagination.keyset_page(q.filtered(), q.ORDERS["newest"], per_page=PER_PAGE,
                                      load=q.load_in_order, cache_key=None, **kwargs)
    return page, s.sent


def test_statements_do_not_depend_on_depth(city):
    db = city
    order = q.ORDERS["newest"]
    ids = _everything()
    shallow_key = order.encode(*db.session.execute(select(q.Proposal.published_at, q.Proposal.id)
                                                   .where(q.Proposal.id == ids[PER_PAGE - 1])).one())
    deep_key = order.encode(*db.session.execute(select(q.Proposal.published_at, q.Proposal.id)
                                                .where(q.Proposal.id == ids[-PER_PAGE - 1])).one())
    shallow, a = _page_statements(db, page=2, after=shallow_key)
    deep, b = _page_statements(db, page=shallow.pages, after=deep_key)
    assert shallow.items and deep.items
    assert [sql for sql, _ in a] == [sql for sql, _ in b]  # the same statements, only the key differs
    assert all(_offset(sql, params) == 0 for sql, params in a + b)  # SQLite always writes OFFSET
    # A bare page number: the same statements at every depth past the first anchor, and what it
    # skips after its anchor stays below ANCHOR_EVERY however deep the page is.
    texts, skipped = set(), []
    for n in (4, 9, 15, 20, shallow.pages - 1):  # full pages: the last one may have fewer ids
        page, sent = _page_statements(db, page=n)
        assert [p.id for p in page.items] == ids[(n - 1) * PER_PAGE:n * PER_PAGE]
        texts.add(tuple(sql for sql, _ in sent))
        skipped += [_offset(sql, params) for sql, params in sent]
    assert len(texts) == 1
    assert max(skipped) > 0 and max(skipped) < pagination.ANCHOR_EVERY


@pytest.mark.parametrize("sort", ["newest", "support", "ending"])
def test_list_seek_uses_an_ordered_index_range_on_sqlite(city, sort):
    db = city
    if db.engine.dialect.name != "sqlite":
        pytest.skip("query plans are checked on SQLite; PostgreSQL plans depend on statistics")
    from sqlalchemy import text
    order = q.ORDERS[sort]
    state = "published" if sort == "ending" else None
    stmt = q.filtered(state, None, None, sort)
    first = db.session.execute(stmt.order_by(None).add_columns(order.column).order_by(*order.by()).limit(1)).one()
    seek = stmt.order_by(None).add_columns(order.column).where(order.beyond((first[1], first[0]))) \
        .order_by(*order.by()).limit(PER_PAGE)
    sql = str(seek.compile(db.engine, compile_kwargs={"literal_binds": True}))
    plan = " | ".join(r[3] for r in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    # A range of an index in list order: no scan of the list, no sort of what follows the key.
    assert "INDEX" in plan and ("<" in plan or ">" in plan) and "TEMP B-TREE" not in plan, plan


def test_api_pages_by_cursor_and_says_so(city, client):
    expected = _everything()
    seen, url = [], "/api/v1/proposals?per_page=9"
    while url:
        body = client.get(url).get_json()
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
        if url:
            parts = urlparse(url)
            query = parse_qs(parts.query)
            assert query["cursor"] == [body["next_cursor"]] and query["per_page"] == ["9"]
            url = parts.path + "?" + parts.query
    assert seen == expected
    spec = client.get("/api/v1/openapi.json").get_json()
    params = spec["paths"]["/api/v1/proposals"]["get"]["parameters"]
    cursor = [p for p in params if p["name"] == "cursor"]
    assert cursor and "next_cursor" in cursor[0]["description"]
    page_schema = spec["components"]["schemas"]["ProposalPage"]["properties"]
    assert "next_cursor" in page_schema and "next" in page_schema


def test_api_public_reads_carry_etag_and_cache_control(city, client):
    for path in ("/api/v1/proposals", "/api/v1/proposals?page=3&per_page=5", "/api/v1/boards",
                 "/api/v1/topics", "/api/v1/districts", "/api/v1/decisions", "/api/v1/dialogues",
                 "/api/v1/search?q=park"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["ETag"], path
        assert "public" in r.headers["Cache-Control"] and "max-age=" in r.headers["Cache-Control"], path
        again = client.get(path, headers={"If-None-Match": r.headers["ETag"]})
        assert again.status_code == 304 and not again.data, path


def test_api_statements_do_not_depend_on_depth(city, client):
    db = city
    first = client.get("/api/v1/proposals?per_page=5").get_json()
    second_url = first["next"].split("localhost", 1)[1]
    url, last_full = second_url, None
    while url:  # walk to the last full page
        body = client.get(url).get_json()
        if body["next"] and len(body["items"]) == 5:
            last_full = url
        url = body["next"].split("localhost", 1)[1] if body["next"] else None
    shallow, deep = Statements(db.engine), Statements(db.engine)
    with shallow:
        client.get(second_url)
    with deep:
        client.get(last_full)
    assert [sql for sql, _ in shallow.sent] == [sql for sql, _ in deep.sent]
    assert all(_offset(sql, params) == 0 for sql, params in shallow.sent + deep.sent)
