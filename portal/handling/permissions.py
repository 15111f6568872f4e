"""Who may see and do what in handling; every view checks one of these on the server."""
from __future__ import annotations

from ..accounts.models import Role


def _auth(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.active)


def is_coordinator(user) -> bool:
    return _auth(user) and user.has_role(Role.COORDINATOR)


def board_ids(user) -> set[int]:
    return {b.id for b in user.boards} if _auth(user) else set()


def can_use_inbox(user) -> bool:
    return _auth(user) and (user.has_role(Role.OFFICER, Role.REPRESENTATIVE, Role.COORDINATOR))


def can_triage(user) -> bool:
    return is_coordinator(user)


def can_view_case(user, case) -> bool:
    if not _auth(user):
        return False
    if is_coordinator(user):
        return True
    if not user.has_role(Role.OFFICER, Role.REPRESENTATIVE):
        return False
    mine = board_ids(user)
    return any(a.board_id in mine for a in case.assignments)


def can_act_for_board(user, board_id: int | None) -> bool:
    """Officers act for their own boards; coordinators (and administrators) for any board."""
    if not _auth(user):
        return False
    if is_coordinator(user):
        return True
    return user.has_role(Role.OFFICER) and Role.OFFICER in user.roles and board_id in board_ids(user)


def can_act_on(user, assignment) -> bool:
    return can_act_for_board(user, assignment.board_id)


def can_lead(user, case) -> bool:
    lead = case.lead
    return lead is not None and can_act_on(user, lead)


def can_read_notes(user, case) -> bool:
    """Internal notes are for the people who work the case, never the public."""
    return is_coordinator(user) or any(can_act_on(user, a) for a in case.assignments)
