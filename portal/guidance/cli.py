"""Command-line verbs for guidance; each owns its transaction."""
from __future__ import annotations

from ..extensions import db
from . import operations as ops


def register_cli(app) -> None:
    """`flask guidance seed`: add the shipped glossary and guide texts that are missing."""
    import click
    from flask.cli import AppGroup

    group = AppGroup("guidance", help="Glossary and officers' guide.")

    @group.command("seed")
    def seed():
        """Add the shipped glossary terms and guide sections that are missing."""
        result = ops.seed_guidance()
        db.session.commit()
        click.echo(f"guidance: {result}")

    app.cli.add_command(group)
