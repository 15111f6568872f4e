"""Administration verbs. Each records an audit entry; they flush, never commit."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

import routing

from ..accounts.models import Role, User
from ..audit import record
from ..errors import DomainError, PermissionDenied
from ..extensions import db
from ..moderation.models import ModerationReason
from ..profile.models import Board, District, Topic
from ..proposals.models import Proposal, ProposalState
from .models import RuleSetVersion, Setting
from .settings import SPEC_BY_KEY, all_settings


def _require_admin(actor: User) -> None:
    if not actor.can_administer():
        raise PermissionDenied()


def _slug_free(model, slug: str, own_id: int | None) -> None:
    other = db.session.scalar(select(model.id).where(model.slug == slug))
    if other is not None and other != own_id:
        raise DomainError(_l("The slug “%(slug)s” is already used.", slug=slug))


def save_board(actor: User, board: Board | None, slug: str, names: dict, inbox_email: str | None,
               officer_emails: list[str]) -> Board:
    """Create or update a board, with its officers (accounts named by e-mail address)."""
    _require_admin(actor)
    _slug_free(Board, slug, board.id if board else None)
    if board is None:
        board = Board(slug=slug, code=slug[:10].upper(), names=names,
                      position=(db.session.scalar(select(func.max(Board.position))) or 0) + 1)
        db.session.add(board)
        db.session.flush()
        before = None
    else:
        before = {"slug": board.slug, "names": board.names, "inbox_email": board.inbox_email,
                  "officers": sorted(u.email for u in _members(board))}
    wanted = {e.strip().lower() for e in officer_emails if e.strip()}
    users = list(db.session.scalars(select(User).where(func.lower(User.email).in_(wanted)))) if wanted else []
    missing = wanted - {u.email.lower() for u in users}
    if missing:
        raise DomainError(_l("No account has the address %(emails)s.", emails=", ".join(sorted(missing))))
    for u in _members(board):
        if u not in users:
            u.boards.remove(board)
    for u in users:
        if board not in u.boards:
            u.boards.append(board)
        u.grant(Role.OFFICER)
    board.slug, board.names, board.inbox_email = slug, names, inbox_email or None
    record(actor, "board.save", "board", board.id, before,
           {"slug": slug, "names": names, "inbox_email": board.inbox_email, "officers": sorted(wanted)})
    db.session.flush()
    return board


def _members(board: Board) -> list[User]:
    from ..accounts.models import board_members
    return list(db.session.scalars(select(User).join(board_members, board_members.c.user_id == User.id)
                                   .where(board_members.c.board_id == board.id)))


def set_roles(actor: User, person: User, roles: set[Role], board_ids: set[int]) -> None:
    """Grant and revoke roles and board membership."""
    _require_admin(actor)
    if person.id == actor.id and Role.ADMIN not in roles:
        raise DomainError(_l("You cannot remove your own administrator role."))
    before = {"roles": sorted(r.value for r in person.roles), "boards": sorted(b.slug for b in person.boards)}
    for row in list(person.role_rows):
        if row.role not in roles:
            person.role_rows.remove(row)
    for r in roles:
        person.grant(r)
    person.boards = list(db.session.scalars(select(Board).where(Board.id.in_(board_ids)))) if board_ids else []
    after = {"roles": sorted(r.value for r in roles), "boards": sorted(b.slug for b in person.boards)}
    if set(before["roles"]) - set(after["roles"]) or set(before["boards"]) - set(after["boards"]):
        # Whatever was taken away must not live on in an open session: every session ends.
        person.end_all_sessions()
    if after != before:
        record(actor, "user.roles", "user", person.id, before, after)
    db.session.flush()


def reset_two_factor(actor: User, person: User) -> None:
    """Remove a staff member's TOTP key and recovery codes; they enrol again at their next login."""
    _require_admin(actor)
    had = bool(person.totp_secret)
    person.totp_secret, person.recovery_hashes = None, None
    person.end_all_sessions()  # a lost or stolen authenticator: no session made with it lives on
    record(actor, "user.reset_two_factor", "user", person.id, {"two_factor": had}, {"two_factor": False})
    db.session.flush()


def save_district(actor: User, district: District | None, slug: str, name: str,
                  other_names: dict | None = None) -> District:
    """Save a district: its Swedish name and, optionally, its names in other languages."""
    _require_admin(actor)
    _slug_free(District, slug, district.id if district else None)
    before = {"slug": district.slug, "name": district.swedish_name, "names": district.names or {}} \
        if district else None
    if district is None:
        district = District(slug=slug, swedish_name=name,
                            position=(db.session.scalar(select(func.max(District.position))) or 0) + 1)
        db.session.add(district)
    district.slug, district.swedish_name = slug, name
    if other_names is not None:
        district.names = dict(other_names) or None
    db.session.flush()
    record(actor, "district.save", "district", district.id, before,
           {"slug": slug, "name": name, "names": district.names or {}})
    return district


def save_topic(actor: User, topic: Topic | None, slug: str, names: dict) -> Topic:
    _require_admin(actor)
    _slug_free(Topic, slug, topic.id if topic else None)
    before = {"slug": topic.slug, "names": topic.names} if topic else None
    if topic is None:
        topic = Topic(slug=slug, names=names, position=(db.session.scalar(select(func.max(Topic.position))) or 0) + 1)
        db.session.add(topic)
    topic.slug, topic.names = slug, names
    db.session.flush()
    record(actor, "topic.save", "topic", topic.id, before, {"slug": slug, "names": names})
    return topic


def save_reason(actor: User, reason: ModerationReason | None, slug: str, names: dict, active: bool) -> ModerationReason:
    _require_admin(actor)
    _slug_free(ModerationReason, slug, reason.id if reason else None)
    before = {"slug": reason.slug, "names": reason.names, "active": reason.active} if reason else None
    if reason is None:
        reason = ModerationReason(slug=slug, names=names,
                                  position=(db.session.scalar(select(func.max(ModerationReason.position))) or 0) + 1)
        db.session.add(reason)
    reason.slug, reason.names, reason.active = slug, names, active
    db.session.flush()
    record(actor, "reason.save", "moderation_reason", reason.id, before, {"slug": slug, "names": names, "active": active})
    return reason


def save_settings(actor: User, values: dict) -> list[str]:
    """Store changed settings; returns the changed keys."""
    _require_admin(actor)
    current = all_settings()
    changed = []
    for key, value in values.items():
        if key not in SPEC_BY_KEY or current.get(key) == value:
            continue
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        record(actor, "setting.change", "setting", key, {"value": current.get(key)}, {"value": value})
        changed.append(key)
    db.session.flush()
    return changed


# -- rule sets -------------------------------------------------------------------------------

def check_ruleset(text: str) -> routing.RuleSet:
    """Parse and validate; raises routing.RuleSetError with every problem and its location."""
    return routing.parse_ruleset(text, source="rule set")


@dataclass
class Change:
    proposal: Proposal
    before: routing.Decision
    after: routing.Decision


def _input(p: Proposal) -> routing.ProposalInput:
    return routing.ProposalInput(id=str(p.id), title=p.title, body=p.body,
                                 district=p.district.slug if p.district else None,
                                 topics=tuple(t.slug for t in p.topics))


def dry_run(draft: routing.RuleSet, active: routing.RuleSet, n: int) -> tuple[int, list[Change]]:
    """Route the last n submitted-or-later proposals with both rule sets; list every changed decision."""
    proposals = list(db.session.scalars(select(Proposal).where(Proposal.state != ProposalState.DRAFT)
                                        .order_by(Proposal.id.desc()).limit(n)).unique())
    changes = []
    for p in proposals:
        inp = _input(p)
        a, b = routing.route(inp, active), routing.route(inp, draft)
        if (a.boards, a.lead, a.needs_triage) != (b.boards, b.lead, b.needs_triage):
            changes.append(Change(p, a, b))
    return len(proposals), changes


def activate_ruleset(actor: User, text: str) -> RuleSetVersion:
    """Store the rule set as a new version; the newest version is the active one."""
    _require_admin(actor)
    parsed = check_ruleset(text)
    n = (db.session.scalar(select(func.count(RuleSetVersion.id))) or 0) + 1
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    previous = db.session.scalar(select(RuleSetVersion).order_by(RuleSetVersion.id.desc()).limit(1))
    version = RuleSetVersion(version=f"{parsed.version}+db{n}.{digest}"[:80], text=text, created_by_id=actor.id)
    db.session.add(version)
    db.session.flush()
    from ..profile.operations import load_profile
    added = load_profile(parsed)  # boards, districts and topics new in this rule set
    record(actor, "ruleset.activate", "ruleset", version.id,
           {"version": previous.version} if previous else {"version": parsed.version},
           {"version": version.version, "added": added})
    return version


def add_suggested_rules(text: str, picks: list[tuple[str, str]], weight: float) -> str:
    """The rule-set text with one new rule per board for the chosen (board, word) pairs.

    The rules are added at the end of the `rules:` list so the rest of the text, comments included,
    stays as it was; nothing is stored (the administrator checks the draft, runs it dry and
    activates it as a new version). Raises routing.RuleSetError if the result is invalid."""
    import json

    import yaml

    current = check_ruleset(text)
    ids = {r.id for r in current.rules}
    per_board: dict[str, list[str]] = {}
    for board, term in picks:
        if term not in per_board.setdefault(board, []):
            per_board[board].append(term)
    blocks, rules = [], []
    for board, terms in per_board.items():
        rid, n = f"suggested-{board}", 1
        while rid in ids:
            n += 1
            rid = f"suggested-{board}-{n}"
        ids.add(rid)
        w = int(weight) if float(weight).is_integer() else weight
        rules.append({"id": rid, "terms": terms, "boards": [board], "weight": w})
        written = ", ".join(t if yaml.safe_load(t) == t else json.dumps(t, ensure_ascii=False) for t in terms)
        blocks.append(f"- id: {rid}\n  terms: [{written}]\n  boards: [{board}]\n  weight: {w}\n")
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "rules:"), None)
    if start is None:  # rules written another way (flow style, or none yet): rebuild the text
        data = yaml.safe_load(text)
        data["rules"] = list(data.get("rules") or []) + rules
        draft = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:
        end = next((i for i in range(start + 1, len(lines))
                    if lines[i].strip() and not lines[i][0].isspace() and not lines[i].startswith(("#", "-"))),
                   len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        if lines[end - 1] and not lines[end - 1].endswith("\n"):
            lines[end - 1] += "\n"
        item = next((line for line in lines[start + 1:end] if line.lstrip().startswith("- ")), "  - ")
        indent = item[:len(item) - len(item.lstrip())]
        added = "".join(indent + line for block in blocks for line in block.splitlines(keepends=True))
        header = f"{indent}# suggested from the referral history and corrections\n"
        draft = "".join(lines[:end]) + header + added + "".join(lines[end:])
    check_ruleset(draft)
    return draft
