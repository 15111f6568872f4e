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

    @routing_group.command("import-history")
    @click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False),
                  help="Score this rule set file instead of the active rule set.")
    @click.option("--min-count", default=3, show_default=True,
                  help="How many of a board's referrals a suggested word must occur in.")
    @click.option("--top", default=10, show_default=True, help="Suggested words shown per board.")
    @click.option("--no-store", is_flag=True, help="Only report; do not store the referrals.")
    @click.option("--replace", is_flag=True, help="Delete the history stored before, then store this file.")
    def routing_import_history(csv_file, rules_file, min_count, top, no_store, replace):
        """Import past referrals (CSV: title, body, boards, date), score the rules on them and
        suggest words per board. The rules are not changed: accept suggestions in /admin/rulesets."""
        if no_store and replace:
            raise click.UsageError("--replace stores the file; it cannot be used with --no-store.")
        report_history_import(csv_file, rules_file, min_count, top, no_store, replace)

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


def report_history_import(csv_file: str, rules_file: str | None, min_count: int, top: int, no_store: bool,
                          replace: bool = False) -> None:
    """The import-history command: read, store, score, suggest; exit 1 if any line was rejected."""
    from pathlib import Path

    import routing

    from ..profile.operations import active_ruleset
    from .history import decode, evaluate, import_history, parse_history, stored_history
    from .learning import corrections, history_suggestions, suggestions

    try:
        rs = routing.load_ruleset(rules_file) if rules_file else active_ruleset()
    except routing.RuleSetError as exc:
        raise click.ClickException(str(exc)) from None
    path = Path(csv_file)
    result = parse_history(decode(path.read_bytes()), rs)
    click.echo(f"read {result.lines} lines: {len(result.referrals)} referrals, {len(result.errors)} rejected")
    for line, reason in result.errors:
        click.echo(f"  line {line}: {reason}")
    if no_store:
        history = result.referrals
        click.echo("not stored (--no-store)")
    else:
        batch = import_history(result, path.name, rs.version, replace=replace)
        if replace:
            click.echo("the history stored before was deleted (--replace)")
        db.session.commit()
        history = stored_history()
        click.echo(f"stored: {batch.rows_added} new, {len(result.referrals) - batch.rows_added} already imported "
                   f"(history: {len(history)} referrals)")
    if result.referrals:
        score = evaluate(rs, result.referrals)
        click.echo(f"rule set {rs.version} on the {score.n} referrals of this file:")
        click.echo(f"  precision {score.precision:.2f}  recall {score.recall:.2f}  F1 {score.f1:.2f}  "
                   f"set accuracy {score.set_accuracy:.2f}  lead {score.lead:.2f}  triage {score.triage:.2f}")
        click.echo(f"  {'board':<26}{'referred':>9}{'routed':>8}{'correct':>9}{'precision':>11}{'recall':>8}{'F1':>6}")
        for b in sorted(score.boards, key=lambda b: (-b.expected, b.board)):
            click.echo(f"  {b.board:<26}{b.expected:>9}{b.routed:>8}{b.correct:>9}{b.precision:>11.2f}"
                       f"{b.recall:>8.2f}{b.f1:>6.2f}")
    found = history_suggestions(history, rs, min_count=min_count, limit=top)
    click.echo(f"suggested words from the history ({len(history)} referrals; "
               "review them, then accept them into a new version in /admin/rulesets):")
    for board, items in found.items():
        click.echo(f"  {board}: " + ", ".join(f"{s.term} ({s.count}/{s.total}, elsewhere {s.elsewhere}, z {s.z:.1f})"
                                              for s in items))
    if not found:
        click.echo("  none")
    click.echo("suggested words from corrections:")
    from_corrections = {b: t for b, t in suggestions(corrections()).items() if t}
    for board, terms in from_corrections.items():
        click.echo(f"  {board}: " + ", ".join(f"{w} ({n})" for w, n in terms[:top]))
    if not from_corrections:
        click.echo("  none yet")
    if result.errors:
        raise SystemExit(1)
