"""Every table that refers to an account, and what a resident's rights mean for it.

For each (table, column) with a foreign key to users: what "download my data" exports (EXPORTED),
or why it is not personal data (NOT_PERSONAL); and what deleting the account does (ERASURE).
tests/dialogues/test_privacy_inventory.py walks the SQLAlchemy metadata and fails on any foreign key
to users that is missing here, so a new table cannot be forgotten."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import select

from ..extensions import db

# (table, column) -> (section of the export, columns to include; None = every column but SECRET).
# Sections "account", "proposals", "supports", "reports", "comments" and "follow_up_updates" are written
# by privacy.operations itself.
EXPORTED: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {
    ("user_roles", "user_id"): ("account", ("role",)),
    ("board_members", "user_id"): ("account", ("board_id",)),
    ("proposals", "author_id"): ("proposals", None),
    ("supports", "user_id"): ("supports", None),
    ("reports", "reporter_id"): ("reports", None),
    ("api_tokens", "user_id"): ("api_tokens", ("name", "prefix", "scopes", "created_at", "last_used_at",
                                               "revoked_at")),
    ("mail_preferences", "user_id"): ("mail_preferences", ("weekly_digest", "last_digest_at")),
    ("data_exports", "user_id"): ("data_exports", ("created_at", "expires_at", "used_at")),
    ("dialogue_contributions", "author_id"): ("dialogue_contributions", None),
    ("dialogue_contributions", "moderated_by_id"): ("contributions_moderated", ("id", "dialogue_id", "state")),
    ("dialogue_signups", "user_id"): ("meeting_signups", ("meeting_id", "waiting", "created_at")),
    ("dialogue_followers", "user_id"): ("dialogues_followed", ("dialogue_id", "created_at")),
    ("proposal_events", "actor_id"): ("proposal_events", None),
    ("dialogue_events", "actor_id"): ("dialogue_events", None),
    ("routing_corrections", "actor_id"): ("routing_feedback", None),
    ("case_notes", "author_id"): ("case_notes", None),
    ("case_events", "actor_id"): ("case_events", None),
    ("cases", "decided_by_id"): ("cases_decided", ("id", "proposal_id", "reference")),
    ("assignments", "accepted_by_id"): ("assignments_accepted", ("id", "case_id", "board_id")),
    ("dialogues", "created_by_id"): ("dialogues_created", ("id", "title")),
    ("guide_section_versions", "created_by_id"): ("guide_versions_written", ("id",)),
    ("ruleset_versions", "created_by_id"): ("ruleset_versions_activated", ("id",)),
    ("routing_history_imports", "imported_by_id"): ("routing_history_imported", ("id", "filename", "imported_at")),
    ("proposal_comments", "author_id"): ("comments", None),
    ("proposal_comments", "moderated_by_id"): ("comments_moderated", ("id", "proposal_id", "state")),
    ("follow_up_updates", "author_id"): ("follow_up_updates", None),
    # What they did and from which client address, not the before/after values, which can hold other
    # people's data.
    ("audit_entries", "actor_id"): ("audit_log", ("at", "action", "target_type", "target_id", "client_address")),
}
# (table, column) -> why the rows are not the account holder's personal data.
NOT_PERSONAL: dict[tuple[str, str], str] = {}
# Never exported, whatever the table: secrets and what only the portal needs.
SECRET = {"token_hash", "password_hash", "totp_secret", "recovery_hashes"}

DELETE = "delete"           # the rows go
ANONYMISE = "anonymise"     # the reference is cleared, the row stays (column must be nullable)
PUBLIC_RECORD = "public"    # public rows stay under "Deleted account", the others go
KEEP = "keep"               # stays as it is, for the reason given
# (table, column) -> (what deletion does, why).
ERASURE: dict[tuple[str, str], tuple[str, str]] = {
    ("api_tokens", "user_id"): (DELETE, "tokens act for the account"),
    ("data_exports", "user_id"): (DELETE, "download links of the account's data"),
    ("mail_preferences", "user_id"): (DELETE, "the account's settings"),
    ("supports", "user_id"): (DELETE, "a support is the person's own choice"),
    ("dialogue_followers", "user_id"): (DELETE, "follows send e-mail to the person"),
    ("dialogue_signups", "user_id"): (DELETE, "seats are freed and the waiting list moves up, with an e-mail"),
    ("user_roles", "user_id"): (DELETE, "only residents delete themselves; staff are closed by an administrator"),
    ("board_members", "user_id"): (DELETE, "as user_roles"),
    ("reports", "reporter_id"): (ANONYMISE, "moderators keep the report, not who sent it"),
    ("proposals", "author_id"): (PUBLIC_RECORD, "published proposals are public records (supports, decisions)"),
    ("dialogue_contributions", "author_id"): (PUBLIC_RECORD, "published contributions are part of the "
                                                             "dialogue's public record and its feedback"),
    ("proposal_events", "actor_id"): (PUBLIC_RECORD, "the history of a kept public proposal; the events of "
                                                     "deleted proposals go with them"),
    ("audit_entries", "actor_id"): (KEEP, "the audit log is append-only; it names the account by number, "
                                          "whose name and address are erased; the client addresses of the "
                                          "account's entries are cleared (audit.models.forget_addresses)"),
    ("dialogue_contributions", "moderated_by_id"): (KEEP, "staff only: moderation is the city's record"),
    ("dialogue_events", "actor_id"): (KEEP, "staff only: the dialogue's history"),
    ("dialogues", "created_by_id"): (KEEP, "staff only: a dialogue is the city's publication"),
    ("guide_section_versions", "created_by_id"): (KEEP, "staff only: the guide's version history"),
    ("ruleset_versions", "created_by_id"): (KEEP, "staff only: which routing rules were active when"),
    ("routing_history_imports", "imported_by_id"): (KEEP, "staff only: who imported the city's past "
                                                          "referrals, kept with the import"),
    ("proposal_comments", "author_id"): (KEEP, "erased in place by privacy.operations: the text goes, the "
                                               "comment's place in the thread stays for the replies"),
    ("proposal_comments", "moderated_by_id"): (KEEP, "staff only: which moderator decided, kept with the comment"),
    ("follow_up_updates", "author_id"): (KEEP, "staff only: a board's public follow-up of its decision"),
    ("routing_corrections", "actor_id"): (KEEP, "staff only: how routing was corrected in a case"),
    ("case_notes", "author_id"): (KEEP, "staff only: notes in the case file (allmän handling)"),
    ("case_events", "actor_id"): (KEEP, "staff only: the case's history"),
    ("cases", "decided_by_id"): (KEEP, "staff only: who recorded the decision"),
    ("assignments", "accepted_by_id"): (KEEP, "staff only: who accepted the case for the board"),
}


def account_references() -> list[tuple[str, str]]:
    """Every (table, column) in the metadata with a foreign key to users."""
    return sorted((t.name, fk.parent.name) for t in db.Model.metadata.sorted_tables
                  for fk in t.foreign_keys if fk.column.table.name == "users")


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def export_tables(user_id: int, skip_sections=("account", "proposals", "supports", "reports", "comments",
                                               "follow_up_updates")) -> dict:
    """The generic sections of the export: every EXPORTED table's rows that refer to the account."""
    out: dict[str, list[dict]] = {}
    for (table_name, column), (section, columns) in EXPORTED.items():
        if section in skip_sections:
            continue
        table = db.Model.metadata.tables[table_name]
        cols = [table.c[name] for name in columns] if columns else \
            [c for c in table.c if c.name not in SECRET and c.name != column]
        order = list(table.primary_key.columns)
        rows = db.session.execute(select(*cols).where(table.c[column] == user_id).order_by(*order)).mappings()
        out.setdefault(section, []).extend({k: _plain(v) for k, v in row.items()} for row in rows)
    return out
