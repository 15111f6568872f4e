"""`flask search setup|sync|reindex|status`: each command owns its transaction."""
from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db


def register_cli(app: Flask) -> None:
    group = AppGroup("search", help="The public search index.")

    @group.command("setup")
    def setup():
        """Create the index and apply its settings (idempotent)."""
        from .backends import get_backend
        result = get_backend().setup()
        db.session.commit()
        click.echo(f"search setup: {result}")

    @group.command("sync")
    @click.option("--follow", is_flag=True, help="Keep running and index changes as they arrive.")
    @click.option("--interval", default=2.0, help="Seconds between polls with --follow.")
    @click.option("--batch", default=1000, help="Outbox entries per write.")
    def sync(follow, interval, batch):
        """Send pending changes to the index; failures stay queued and are retried with backoff."""
        from .sync import run_until_empty
        while True:
            result = run_until_empty(batch=batch)
            click.echo(f"search sync: {result}")
            if not follow:
                break
            time.sleep(interval)

    @group.command("reindex")
    def reindex():
        """Rebuild the index from the database and swap it in atomically."""
        from .sync import reindex as run
        click.echo(f"search reindex: {run()}")

    @group.command("status")
    def status():
        """Backlog and the oldest change not yet in the index."""
        from .backends import get_backend
        from .sync import status as sync_status
        info = sync_status()
        info["backend"] = get_backend().name
        info["health"] = get_backend().health()
        db.session.commit()
        for k, v in info.items():
            click.echo(f"{k}: {v}")

    app.cli.add_command(group)
    _hide_text_index_from_alembic(app)


def _hide_text_index_from_alembic(app: Flask) -> None:
    """`flask db migrate/check` must not propose dropping the SQLite FTS5 table and its shadow
    tables: the search backend owns them (`flask search setup`), the models do not."""
    migrate = app.extensions.get("migrate")
    if migrate is None:
        return
    previous = migrate.configure_args.get("include_name")

    def include_name(name, type_, parent_names):
        if type_ == "table" and name and name.startswith("search_fts"):
            return False
        return previous(name, type_, parent_names) if previous else True
    migrate.configure_args["include_name"] = include_name
