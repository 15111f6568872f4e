"""Every migration keeps the data it finds: a row in every table before, the same rows after.

For each revision after the first (found in migrations/versions, so new ones are covered without
touching this file): an empty database at the revision's parent gets one row in every table
(filled from the reflected schema: parents before children, enum values from check constraints
or the models, nullable foreign keys in a cycle set afterwards), the revision is applied, and
every table must still be there with at least as many rows and the same stored values in the
columns that are still there.

To stay linear in the number of revisions, one walk along the chain serves every case: on
SQLite the empty database at each parent is copied aside and copied back after the case; on
PostgreSQL each case runs in a savepoint that is rolled back (DDL is transactional there), and
the empty database then moves on to the revision.

A migration that changes values on purpose (a data migration) names them in EXPECTED_CHANGES; one
that adds columns names them in NEW_COLUMNS with the value the rows already there must get.
"""
from __future__ import annotations

import re
import shutil
import uuid
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from tests.conftest import REPO, database_url, drop_schema, make_app

# Tables that are the migration tool's own, or SQLite's.
IGNORED_TABLES = {"alembic_version"}
# revision -> {(table, column)} whose values that revision rewrites on purpose.
EXPECTED_CHANGES: dict[str, set[tuple[str, str]]] = {}
# revision -> {(table, column): the value every row written before the revision has in it afterwards}.
NEW_COLUMNS: dict[str, dict[tuple[str, str], object]] = {
    "b7e2c4a91f03": {("users", "session_version"): 0},
    # Entries written before the portal recorded client addresses have none.
    "64863fb5898c": {("audit_entries", "client_address"): None},
}
# table -> {column: value} where generic filling cannot find a valid value.
OVERRIDES: dict[str, dict[str, object]] = {}

BASE_TIME = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
BASE_DATE = date(2026, 3, 1)


def _revisions() -> list[tuple[str, tuple[str, ...]]]:
    """(revision, its parents) for every revision that has a parent, oldest first."""
    script = ScriptDirectory(str(REPO / "migrations"))
    found = []
    for rev in script.walk_revisions():
        down = rev.down_revision
        if down is None:
            continue
        found.append((rev.revision, tuple(down) if isinstance(down, (tuple, list)) else (down,)))
    return list(reversed(found))


REVISIONS = _revisions()


# ------------------------------------------------------------------ filling


def _enum_values(table: sa.Table, column: sa.Column, checks: list[dict]) -> list[str]:
    """Allowed string values: from a reflected `col IN ('a', 'b')` check, else from the models."""
    word = re.compile(rf"\b{re.escape(column.name)}\b")
    for check in checks:
        text = check.get("sqltext") or ""
        others = [c.name for c in table.columns if c.name != column.name and re.search(rf"\b{re.escape(c.name)}\b", text)]
        if word.search(text) and not others:
            literals = re.findall(r"'((?:[^']|'')*)'", text)
            if literals:
                return [v.replace("''", "'") for v in literals]
    from portal.extensions import db

    model_table = db.metadata.tables.get(table.name)
    if model_table is not None and column.name in model_table.c:
        model_type = model_table.c[column.name].type
        if isinstance(model_type, sa.Enum):
            return list(model_type.enums)
    return []


def _value(table: sa.Table, column: sa.Column, position: int, checks: list[dict]):
    """A valid, recognisable value for one column, from its reflected type."""
    override = OVERRIDES.get(table.name, {})
    if column.name in override:
        return override[column.name]
    type_ = column.type
    if isinstance(type_, sa.Enum) and type_.enums:  # a native enum type (PostgreSQL)
        return type_.enums[0]
    if isinstance(type_, sa.String):
        allowed = _enum_values(table, column, checks)
        if allowed:
            return allowed[0]
    # Increasing with the column's position, so checks such as "ends_at > starts_at" hold.
    if isinstance(type_, sa.Boolean):
        return True
    if isinstance(type_, sa.DateTime):
        moment = BASE_TIME + timedelta(minutes=position)
        return moment if getattr(type_, "timezone", False) else moment.replace(tzinfo=None)
    if isinstance(type_, sa.Date):
        return BASE_DATE + timedelta(days=position)
    if isinstance(type_, sa.Time):
        return time(9, position % 60)
    if isinstance(type_, sa.Interval):
        return timedelta(minutes=position)
    if isinstance(type_, sa.Integer):
        return 1 + position
    if isinstance(type_, (sa.Numeric, sa.Float)):
        return Decimal(f"{1 + position}.5") if getattr(type_, "asdecimal", False) else 1.5 + position
    if isinstance(type_, sa.JSON):
        return {"table": table.name, "column": column.name, "list": [1, "två"]}
    if isinstance(type_, sa.LargeBinary):
        return b"\x00bytes\xff"
    if isinstance(type_, sa.Uuid):
        return uuid.UUID(int=position + 1)
    if isinstance(type_, sa.String):  # also Text
        text = f"{column.name}-{table.name}-åäö"
        return text[: type_.length] if type_.length else text
    if column.nullable:  # a database-specific type (e.g. tsvector): leave it empty
        return None
    raise AssertionError(f"no value for {table.name}.{column.name} ({type_!r}): add it to OVERRIDES")


def _auto_primary_key(table: sa.Table, dialect: str) -> sa.Column | None:
    """The single integer primary key the database numbers itself, if any."""
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer) or pk[0].foreign_keys:
        return None
    col = pk[0]
    if dialect == "sqlite" or col.server_default is not None or col.identity is not None:
        return col
    return None


def _insert_order(tables: dict[str, sa.Table]) -> list[str]:
    """Parents before children; nullable foreign keys give way when they close a cycle."""

    def order(include_nullable: bool) -> list[str]:
        sorter = TopologicalSorter()
        for name in sorted(tables):
            sorter.add(name)
            for fk in tables[name].foreign_keys:
                parent = fk.column.table.name
                if parent == name or parent not in tables:
                    continue
                if fk.parent.nullable and not include_nullable:
                    continue
                sorter.add(name, parent)
        return list(sorter.static_order())

    try:
        return order(include_nullable=True)
    except CycleError:
        return order(include_nullable=False)


def fill_every_table(conn: sa.Connection) -> dict[str, int]:
    """One row in every table; returns how many rows each table had before (usually 0)."""
    meta = sa.MetaData()
    meta.reflect(bind=conn)
    # One query for every table's check constraints (PostgreSQL would need one per table).
    checks_of = {name: found for (_schema, name), found in sa.inspect(conn).get_multi_check_constraints().items()}
    tables = {name: t for name, t in meta.tables.items() if name not in IGNORED_TABLES}
    counts_before = {name: conn.scalar(sa.select(sa.func.count()).select_from(t)) for name, t in tables.items()}
    inserted: dict[str, dict] = {}
    later: list[tuple[sa.Table, sa.ForeignKeyConstraint]] = []
    dialect = conn.dialect.name

    for name in _insert_order(tables):
        table = tables[name]
        checks = checks_of.get(name, [])
        auto = _auto_primary_key(table, dialect)
        row: dict = {}
        for position, column in enumerate(table.columns):
            if column is auto or column.foreign_keys:
                continue
            row[column.name] = _value(table, column, position, checks)
        for fkc in table.foreign_key_constraints:
            parent = fkc.referred_table.name
            if parent in inserted:
                for col, element in zip(fkc.columns, fkc.elements):
                    row.setdefault(col.name, inserted[parent][element.column.name])
            elif all(col.nullable for col in fkc.columns):
                for col in fkc.columns:
                    row.setdefault(col.name, None)
                later.append((table, fkc))
            else:
                raise AssertionError(f"{name} needs {parent} first and cannot wait: add an override")
        result = conn.execute(sa.insert(table).values(**row))
        if auto is not None:
            row[auto.name] = result.inserted_primary_key[0]
        inserted[name] = row

    # Nullable foreign keys skipped above (cycles, self-references) now point at their parents.
    for table, fkc in later:
        parent = inserted[fkc.referred_table.name]
        values = {col.name: parent[element.column.name] for col, element in zip(fkc.columns, fkc.elements)}
        own = inserted[table.name]
        where = [table.c[col.name] == own[col.name] for col in table.primary_key.columns]
        conn.execute(sa.update(table).where(*where).values(**values))
        own.update(values)
    return counts_before


def snapshot(conn: sa.Connection) -> dict[str, dict]:
    """Every table's columns, primary key and rows as stored (no type conversion), by name."""
    inspector = sa.inspect(conn)
    columns = inspector.get_multi_columns()
    keys = inspector.get_multi_pk_constraint()
    shot = {}
    for (schema, name), cols in columns.items():
        if name in IGNORED_TABLES:
            continue
        names = [c["name"] for c in cols]
        table = sa.table(name, *(sa.column(n) for n in names))
        rows = [dict(zip(names, r)) for r in conn.execute(sa.select(*table.c))]
        shot[name] = {"columns": set(names), "pk": list(keys[(schema, name)]["constrained_columns"]), "rows": rows}
    return shot


# ------------------------------------------------------------------ the walk


def _upgrade(revision: str, connection=None) -> None:
    from alembic import command
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    if connection is not None:
        config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _case(conn: sa.Connection, revision: str, upgrade) -> dict:
    """Fill the database (at the parents), upgrade it to the revision, and read it before and after."""
    counts = fill_every_table(conn)
    before = snapshot(conn)
    upgrade(revision)
    return {"counts": counts, "before": before, "after": snapshot(conn)}


def _walk_sqlite(app, path) -> dict:
    """SQLite: the empty database at each parent is kept as a file and copied back after each case."""
    from portal.extensions import db

    results, empty = {}, path.with_name("empty.db")
    with app.app_context():
        _upgrade(REVISIONS[0][1][0])
        for revision, _parents in REVISIONS:
            db.engine.dispose()
            shutil.copyfile(path, empty)
            try:
                with db.engine.begin() as conn:
                    counts = fill_every_table(conn)
                with db.engine.connect() as conn:
                    before = snapshot(conn)
                _upgrade(revision)
                with db.engine.connect() as conn:
                    results[revision] = {"counts": counts, "before": before, "after": snapshot(conn)}
            except Exception as exc:  # reported by that revision's test; the walk goes on
                results[revision] = exc
            db.engine.dispose()
            for extra in ("-wal", "-shm"):
                Path(str(path) + extra).unlink(missing_ok=True)
            shutil.copyfile(empty, path)
            _upgrade(revision)  # the empty database moves on to this revision
        db.engine.dispose()
    return results


def _walk_postgresql(app) -> dict:
    """PostgreSQL: one transaction; each case runs in a savepoint that is rolled back (DDL included)."""
    from portal.extensions import db

    results = {}
    with app.app_context():
        with db.engine.connect() as conn:
            outer = conn.begin()
            _upgrade(REVISIONS[0][1][0], conn)
            for revision, _parents in REVISIONS:
                case = conn.begin_nested()
                try:
                    results[revision] = _case(conn, revision, lambda rev: _upgrade(rev, conn))
                except Exception as exc:  # reported by that revision's test; the walk goes on
                    results[revision] = exc
                case.rollback()
                _upgrade(revision, conn)
            outer.rollback()
        db.engine.dispose()
    return results


@pytest.fixture(scope="module")
def upgrades(tmp_path_factory):
    """Every revision's case, from one walk along the chain: each starts from an empty database at the
    revision's parent (what a fresh database upgraded to it would be) with one row per table."""
    url = database_url(tmp_path_factory, "upgrade")
    app = make_app(url)
    try:
        if url.startswith("sqlite"):
            yield _walk_sqlite(app, Path(url.removeprefix("sqlite:///")))
        else:
            yield _walk_postgresql(app)
    finally:
        drop_schema(url)


# ------------------------------------------------------------------ the test


@pytest.mark.no_db_rollback
@pytest.mark.parametrize("revision,parents", REVISIONS, ids=[r for r, _ in REVISIONS])
def test_upgrade_keeps_every_row(upgrades, revision, parents):
    outcome = upgrades[revision]
    if isinstance(outcome, Exception):
        raise outcome
    before, after, counts_before = outcome["before"], outcome["after"], outcome["counts"]
    assert before, "no tables at the parent revision"
    for name, table in before.items():
        assert len(table["rows"]) > counts_before[name], f"{name} got no row"

    allowed = EXPECTED_CHANGES.get(revision, set())
    lost = sorted(set(before) - set(after))
    assert not lost, f"{revision} dropped tables {lost}"
    for name, old in before.items():
        new = after[name]
        assert len(new["rows"]) >= len(old["rows"]), f"{revision} lost rows in {name}"
        kept = [c for c in old["columns"] if c in new["columns"] and (name, c) not in allowed]
        key = [c for c in old["pk"] if c in new["columns"]] or kept
        by_key = {tuple(r[c] for c in key): r for r in new["rows"]}
        for row in old["rows"]:
            match = by_key.get(tuple(row[c] for c in key))
            assert match is not None, f"{revision} lost the row {row} of {name}"
            changed = {c: (row[c], match[c]) for c in kept if row[c] != match[c]}
            assert not changed, f"{revision} changed {name}: {changed}"
    for (name, column), value in NEW_COLUMNS.get(revision, {}).items():
        assert column not in before[name]["columns"] and column in after[name]["columns"], (name, column)
        old_keys = {tuple(r[c] for c in before[name]["pk"]) for r in before[name]["rows"]}
        added = [r[column] for r in after[name]["rows"] if tuple(r[c] for c in after[name]["pk"]) in old_keys]
        assert added and all(v == value for v in added), f"{revision}: {name}.{column} is {added}, not {value!r}"


def test_every_revision_after_the_first_is_checked():
    """The list comes from the migrations directory: one root, every other revision a case."""
    script = ScriptDirectory(str(REPO / "migrations"))
    every = {rev.revision for rev in script.walk_revisions()}
    roots = {rev.revision for rev in script.walk_revisions() if rev.down_revision is None}
    assert len(roots) == 1
    assert {r for r, _ in REVISIONS} == every - roots
