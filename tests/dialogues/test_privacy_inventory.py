"""The privacy inventory against the SQLAlchemy metadata: every table that refers to an account is
exported (or listed as not personal, with a reason) and has a deletion rule; a resident with a row
in every table they can reach is exported whole and erased as the rules say."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.api.operations import create_token
from portal.db import utcnow
from portal.dialogues import operations as dops
from portal.dialogues.models import Contribution, ContributionState
from portal.extensions import db as _db
from portal.handling.models import MailPreference
from portal.moderation import operations as mops
from portal.moderation.models import ModerationReason, ensure_default_reasons
from portal.privacy import inventory as inv
from portal.privacy import operations as privacy
from portal.proposals import operations as pops
from portal.proposals.models import PUBLIC_STATES


def test_every_reference_to_an_account_is_exported_or_not_personal():
    refs = inv.account_references()
    assert len(refs) >= 20
    missing = [r for r in refs if r not in inv.EXPORTED and r not in inv.NOT_PERSONAL]
    assert not missing, f"export these in privacy/inventory.py EXPORTED, or list them in NOT_PERSONAL: {missing}"
    assert all(reason.strip() for reason in inv.NOT_PERSONAL.values())
    assert not set(inv.EXPORTED) - set(refs), "the inventory lists references that no longer exist"


def test_every_reference_to_an_account_has_a_deletion_rule():
    refs = inv.account_references()
    missing = [r for r in refs if r not in inv.ERASURE]
    assert not missing, f"say what deleting an account does to these in privacy/inventory.py ERASURE: {missing}"
    tables = _db.Model.metadata.tables
    for (table, column), (action, why) in inv.ERASURE.items():
        assert why.strip() and action in (inv.DELETE, inv.ANONYMISE, inv.PUBLIC_RECORD, inv.KEEP)
        if action == inv.ANONYMISE:
            assert tables[table].c[column].nullable, (table, column)


@pytest.fixture
def resident_everywhere(db, make_user, make_proposal, make_dialogue, meeting_data, officer):
    """A resident with a row in every table a resident can reach, and someone waiting for their seat."""
    user = make_user(name="Hemliga Hanna", email="hanna@example.se")
    public = make_proposal(author=user, title="Hannas offentliga förslag")
    make_proposal(state="submitted", author=user, title="Hannas utkast")
    other = make_proposal(title="Någon annans förslag")
    pops.support(other, user)
    ensure_default_reasons()
    mops.report("proposal", other.id, user, _db.session.scalars(select(ModerationReason)).first(), "min anteckning")
    create_token(user, "Hannas app", ["supports:write"])
    _db.session.add(MailPreference(user_id=user.id, weekly_digest=True))
    privacy.request_export(user)
    open_dialogue = make_dialogue(state="open", premoderated=False)
    premoderated = make_dialogue(state="open", premoderated=True, title="Förmodererad dialog")
    published = dops.contribute(open_dialogue, user, "Hannas publicerade inlägg")
    pending = dops.contribute(premoderated, user, "Hannas väntande inlägg")
    dops.follow(open_dialogue, user)
    meeting = dops.save_meeting(open_dialogue, officer, meeting_data(capacity=1))
    dops.sign_up(meeting, user)
    waiting = make_user(name="Väntande Vera")
    dops.sign_up(meeting, waiting)
    _db.session.commit()
    assert published.state == ContributionState.PUBLISHED and pending.state == ContributionState.PENDING
    return {"user": user, "public": public, "meeting": meeting, "waiting": waiting, "published": published}


def _referring(table_name, column, user_id):
    table = _db.Model.metadata.tables[table_name]
    return _db.session.execute(select(table).where(table.c[column] == user_id)).mappings().all()


def test_export_holds_every_table_the_resident_has_rows_in(resident_everywhere):
    user = resident_everywhere["user"]
    data = privacy.export_data(user)
    for (table, column), (section, _cols) in inv.EXPORTED.items():
        if _referring(table, column, user.id):
            assert data.get(section), f"{table}.{column} has rows for the account but export section {section!r} is empty"
    text = str(data)
    for expected in ("Hannas publicerade inlägg", "Hannas väntande inlägg", "Hannas app", "weekly_digest",
                     "meeting_id", "dialogue_id", "Hannas utkast", "min anteckning"):
        assert expected in text, expected
    assert "token_hash" not in text and user.password_hash not in text
    # Every table a resident reaches is covered by this fixture (a new one must be added here too).
    reached = {(t, c) for t, c in inv.account_references() if _referring(t, c, user.id)}
    assert {("api_tokens", "user_id"), ("mail_preferences", "user_id"), ("data_exports", "user_id"),
            ("dialogue_contributions", "author_id"), ("dialogue_signups", "user_id"),
            ("dialogue_followers", "user_id"), ("supports", "user_id"), ("reports", "reporter_id"),
            ("proposals", "author_id"), ("proposal_events", "actor_id"), ("audit_entries", "actor_id")} <= reached


def test_deletion_follows_the_rules_table_by_table(db, resident_everywhere, outbox):
    user, waiting, meeting = resident_everywhere["user"], resident_everywhere["waiting"], resident_everywhere["meeting"]
    privacy.delete_account(user)
    db.session.commit()
    for (table, column), (action, _why) in inv.ERASURE.items():
        rows = _referring(table, column, user.id)
        if action in (inv.DELETE, inv.ANONYMISE):
            assert not rows, f"{table}.{column}: {len(rows)} rows left after deletion"
        elif action == inv.PUBLIC_RECORD and table == "proposals":
            assert [r["title"] for r in rows] == ["Hannas offentliga förslag"]
            assert all(r["state"] in PUBLIC_STATES for r in rows)
        elif action == inv.PUBLIC_RECORD and table == "dialogue_contributions":
            assert [r["body"] for r in rows] == ["Hannas publicerade inlägg"]
    # The seat is free and the first on the waiting list has it, and is told by e-mail.
    db.session.refresh(meeting)
    assert [s.user_id for s in meeting.confirmed] == [waiting.id] and not meeting.waiting
    assert [m["to"] for m in outbox("dialogue_place")] == [waiting.email]
    # Public records stay, under "Deleted account".
    assert user.public_name in ("Raderat konto", "Deleted account")
    assert db.session.scalar(select(func.count()).select_from(Contribution).where(
        Contribution.author_id == user.id)) == 1
    assert "hanna@example.se" not in str(privacy.export_data(user))
