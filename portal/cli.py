"""Command-line verbs: each owns its transaction and commits once."""
from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup

from .extensions import db


def register_cli(app: Flask) -> None:
    profile = AppGroup("profile", help="The city profile (boards, districts, topics).")

    @profile.command("load")
    def profile_load():
        """Load boards, districts and topics from the configured rule set."""
        from .profile.operations import active_ruleset, load_profile
        counts = load_profile(active_ruleset())
        db.session.commit()
        click.echo(f"profile loaded: {counts}")

    proposals = AppGroup("proposals", help="Proposals.")

    @proposals.command("tick")
    def proposals_tick():
        """Expire proposals whose support period has ended."""
        from .proposals.operations import expire_due
        n = expire_due()
        db.session.commit()
        click.echo(f"expired: {n}")

    outbox = AppGroup("outbox", help="The outbox of e-mails and other side effects.")

    @outbox.command("run")
    @click.option("--follow", is_flag=True, help="Keep running and deliver as entries arrive.")
    @click.option("--interval", default=5.0, help="Seconds between polls with --follow.")
    def outbox_run(follow, interval):
        """Deliver pending e-mails after commit, with retries and backoff."""
        from .outbox.worker import follow as follow_forever, run_once
        if follow:
            follow_forever(interval, log=lambda m: click.echo(m, err=True))
        else:
            click.echo(f"outbox: {run_once()}")

    demo = AppGroup("demo", help="Demo content.")

    @demo.command("seed")
    @click.option("--if-empty", is_flag=True, help="Do nothing when proposals already exist.")
    @click.option("--proposals", "n_proposals", type=int, default=0,
                  help="Also generate this many synthetic proposals (load tests).")
    @click.option("--supports", "n_supports", type=int, default=0, help="Synthetic supports to spread over them.")
    @click.option("--dialogues", "n_dialogues", type=int, default=0, help="Also generate this many synthetic dialogues.")
    def demo_seed(if_empty, n_proposals, n_supports, n_dialogues):
        """Create demo residents, staff and proposals in every state; optionally a synthetic city."""
        from .demo.seed import seed_demo
        result = seed_demo(if_empty=if_empty)
        db.session.commit()
        click.echo(f"demo: {result}")
        if n_proposals:
            from .demo.bulk import seed_bulk
            started = time.perf_counter()
            bulk = seed_bulk(n_proposals, n_supports, progress=lambda m: click.echo(f"  {m}", err=True))
            db.session.commit()
            click.echo(f"synthetic: {bulk} in {time.perf_counter() - started:.1f} s")
        if n_dialogues:
            from .demo.bulk import seed_bulk_dialogues
            started = time.perf_counter()
            made = seed_bulk_dialogues(n_dialogues)
            db.session.commit()
            click.echo(f"synthetic dialogues: {made} in {time.perf_counter() - started:.1f} s")

    for group in (profile, proposals, outbox, demo):
        app.cli.add_command(group)

    from .handling.cli import register_cli as register_handling_cli
    register_handling_cli(app)
    from .privacy.views import register_cli as register_privacy_cli
    register_privacy_cli(app)
    from .search.cli import register_cli as register_search_cli
    register_search_cli(app)
    from .guidance.cli import register_cli as register_guidance_cli
    register_guidance_cli(app)
