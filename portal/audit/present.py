"""The audit log in words a person reads: action and object names, changes as before → after."""
from __future__ import annotations

import json
import re
from datetime import date, datetime

from flask import url_for
from flask_babel import format_date, gettext as _, lazy_gettext as _l

ACTION_LABELS = {
    "api_token.create": _l("API token created"),
    "api_token.revoke": _l("API token revoked"),
    "assignment.accept": _l("Case accepted by a board"),
    "assignment.decline": _l("Case declined by a board"),
    "board.save": _l("Board saved"),
    "case.decide": _l("Decision published"),
    "case.triage": _l("Boards chosen in triage"),
    "consultation.open": _l("Consultation opened"),
    "consultation.summary": _l("Consultation summary saved"),
    "contribution.hide": _l("Contribution hidden"),
    "contribution.publish": _l("Contribution published"),
    "contribution.restore": _l("Contribution restored"),
    "dialogue.publish_feedback": _l("Dialogue feedback published"),
    "dialogue.state": _l("Dialogue status changed"),
    "district.save": _l("District saved"),
    "glossary.save": _l("Glossary term saved"),
    "guide.save": _l("Guide section saved"),
    "proposal.hide": _l("Proposal hidden"),
    "proposal.publish": _l("Proposal published"),
    "proposal.reject": _l("Proposal rejected"),
    "proposal.restore": _l("Proposal restored"),
    "proposal.start_handling": _l("Proposal sent to handling"),
    "reason.save": _l("Moderation reason saved"),
    "ruleset.activate": _l("Rule set activated"),
    "setting.change": _l("Setting changed"),
    "statement.approve": _l("Statement approval recorded"),
    "statement.draft": _l("Statement drafted"),
    "statement.send": _l("Statement sent"),
    "topic.save": _l("Topic saved"),
    "user.block": _l("Account blocked"),
    "user.reset_two_factor": _l("Two-step login reset"),
    "user.roles": _l("Roles changed"),
    "user.unblock": _l("Account unblocked"),
}
TARGET_LABELS = {
    "api_token": _l("API token"), "assignment": _l("Board assignment"), "board": _l("Board"),
    "case": _l("Case"), "contribution": _l("Contribution"), "dialogue": _l("Dialogue"),
    "district": _l("District"), "glossary_term": _l("Glossary term"), "guide_section": _l("Guide section"),
    "moderation_reason": _l("Moderation reason"), "proposal": _l("Proposal"), "ruleset": _l("Rule set"),
    "setting": _l("Setting"), "topic": _l("Topic"), "user": _l("Account"),
}
FIELD_LABELS = {
    "state": _l("Status"), "case_state": _l("Case status"), "proposal_state": _l("Proposal status"),
    "board": _l("Board"), "boards": _l("Boards"), "lead": _l("Lead board"), "suggested": _l("Suggested board"),
    "reason": _l("Reason"), "note": _l("Note"), "points": _l("Points"), "summary": _l("Summary"),
    "comments": _l("Comments"), "deadline": _l("Deadline"), "consulted": _l("Consulted boards"),
    "meeting_date": _l("Meeting date"), "minute_ref": _l("Minute reference"), "outcome": _l("Decision"),
    "roles": _l("Roles"), "name": _l("Name"), "names": _l("Names"), "value": _l("Value"),
    "reference": _l("Case reference"), "case": _l("Case"), "title": _l("Title"), "version": _l("Version"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_BOARD_KEYS = {"board", "boards", "lead", "suggested", "consulted"}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label else action


def target_label(target_type: str) -> str:
    label = TARGET_LABELS.get(target_type)
    return str(label) if label else target_type


def target_url(entry) -> str | None:
    """A link to the object, where staff have a page for it."""
    if not entry.target_id or not str(entry.target_id).isdigit():
        return None
    if entry.target_type == "case":
        return url_for("handling.case", case_id=int(entry.target_id))
    if entry.target_type == "proposal":
        return url_for("proposals.show", proposal_id=int(entry.target_id))
    return None


def readable(value, key: str = "", board_names: dict | None = None) -> str:
    """One before/after value as text: names for board slugs, dates in the reader's format."""
    board_names = board_names or {}
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(readable(v, key, board_names) for v in value)
    if isinstance(value, dict):
        if key == "names":
            return ", ".join(f"{k}: {v}" for k, v in value.items())
        return "; ".join(f"{field_label(k)}: {readable(v, k, board_names)}" for k, v in value.items())
    text = str(value)
    if key in _BOARD_KEYS and text in board_names:
        return board_names[text]
    if _ISO_DATE.match(text):
        try:
            return format_date(date.fromisoformat(text), "long")
        except ValueError:
            return text
    if _ISO_DATETIME.match(text):
        try:
            from ..i18n import format_moment
            return format_moment(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def field_label(key: str) -> str:
    label = FIELD_LABELS.get(key)
    return str(label) if label else key.replace("_", " ")


def changes(entry, board_names: dict | None = None) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field whose value differs, in a stable order."""
    before, after = entry.before or {}, entry.after or {}
    out = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if old == new and key in before and key in after:
            continue
        out.append((field_label(key), readable(old, key, board_names) if key in before else "–",
                    readable(new, key, board_names) if key in after else "–"))
    return out


def csv_rows(entries, board_names: dict | None = None):
    """Rows for the CSV export: readable columns plus the raw snapshots (JSON, not escaped)."""
    for e in entries:
        yield {
            "when": e.at.isoformat(), "who": e.actor.display_name if e.actor else "",
            "who_email": e.actor.email if e.actor else "", "client_address": e.client_address or "",
            "action": e.action, "what": action_label(e.action),
            "object": target_label(e.target_type), "object_id": e.target_id or "",
            "changes": "; ".join(f"{f}: {b} → {a}" for f, b, a in changes(e, board_names)),
            "before": json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
            "after": json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
        }
