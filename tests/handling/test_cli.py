"""flask routing corrections, flask outbox digest, flask handling tick, and the mail choice."""
from sqlalchemy import select

from portal.handling import operations as ops
from portal.handling.models import MailPreference
from portal.outbox.models import OutboxEntry
from portal.profile.models import Board


def _board(db, slug):
    return db.session.scalar(select(Board).where(Board.slug == slug))


def test_routing_corrections_lists_corrections_and_suggests_terms(app, db, handled, staff):
    for title in ("Poesikväll vid skolan", "Poesikväll och uppläsning vid skolan"):
        case = handled(title=title, body="En poesikväll med uppläsning för barnen vid skolan.",
                       topics=(), district=None)
        assert [a.board.slug for a in case.assignments] == ["grundskola"]
        ops.decline(case.lead, staff.coordinator, "Gäller kultur.", _board(db, "kultur"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["routing", "corrections"])
    assert result.exit_code == 0, result.output
    assert "corrections: 2" in result.output
    assert "kultur: consider adding" in result.output and "poesikväll (2)" in result.output


def test_weekly_digest_replaces_immediate_mails(app, db, handled, make_user, client, auth):
    author = make_user()
    auth.login(author)
    r = client.post("/handling/mail-preference", data={"mailpref-mode": "weekly"})
    assert r.status_code == 302
    assert db.session.get(MailPreference, author.id).weekly_digest
    case = handled(author=author)
    mails = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email")).all()
    assert author.email not in {m.payload["to"] for m in mails if m.payload["template"] == "proposal_in_handling"}
    result = app.test_cli_runner().invoke(args=["outbox", "digest"])
    assert result.exit_code == 0 and "digests queued: 1" in result.output
    digest = [m for m in db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email"))
              if m.payload["template"] == "proposal_digest"]
    assert len(digest) == 1 and case.proposal.title in digest[0].payload["body"]
    assert app.test_cli_runner().invoke(args=["outbox", "digest"]).output.strip() == "digests queued: 0"


def test_account_page_offers_the_mail_choice(client, auth, make_user):
    auth.login(make_user())
    r = client.get("/account/")
    body = r.get_data(as_text=True)
    r.close()
    assert "mailpref-mode" in body


def test_handling_tick(app, db, handled):
    result = app.test_cli_runner().invoke(args=["handling", "tick"])
    assert result.exit_code == 0 and "reminders queued" in result.output
