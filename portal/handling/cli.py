"""Command-line verbs for handling: deadline reminders, routing corrections, weekly digests."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db


def register_cli(app: Flask) -> None:
    handling = AppGroup("handling", help="Cases handled by the boards.")

    @handling.command("tick")
    def handling_tick():
        """Queue reminders to boards before acceptance and statement deadlines."""
        from .operations import queue_deadline_reminders
        n = queue_deadline_reminders()
        db.session.commit()
        click.echo(f"reminders queued: {n}")

    routing_group = AppGroup("routing", help="Routing of proposals to boards.")

    @routing_group.command("corrections")
    @click.option("--min-count", default=2, help="How many rerouted proposals a term must recur in.")
    def routing_corrections(min_count):
        """List recorded corrections and suggest terms for each board; nothing is changed."""
        from .learning import corrections, suggestions
        rows = corrections()
        click.echo(f"corrections: {len(rows)}")
        for c in rows:
            who = c.actor.display_name if c.actor else "-"
            click.echo(f"- proposal {c.proposal_id}: {','.join(c.original_boards) or '(triage)'} "
                       f"(lead {c.original_lead or '-'}) -> {','.join(c.final_boards)} "
                       f"(lead {c.final_lead or '-'}) by {who}: {c.reason}")
        click.echo("suggested rule changes (review and edit the rule set by hand):")
        found = suggestions(rows, min_count)
        for board, terms in found.items():
            if terms:
                click.echo(f"  {board}: consider adding " + ", ".join(f"{w} ({n})" for w, n in terms[:15]))
        if not any(found.values()):
            click.echo("  none yet")

    app.cli.add_command(handling)
    app.cli.add_command(routing_group)
    outbox = app.cli.commands.get("outbox")
    if outbox is not None:
        @outbox.command("digest")
        @click.option("--force", is_flag=True, help="Send even if the last digest is less than a week old.")
        def outbox_digest(force):
            """Bundle the week's news for residents who chose a weekly digest into one e-mail each."""
            from .digest import build_digests
            n = build_digests(force=force)
            db.session.commit()
            click.echo(f"digests queued: {n}")
