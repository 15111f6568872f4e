"""Which glossary term explains which status, level or kind: one slug scheme for the whole interface."""
from __future__ import annotations

from ..dialogues.models import DialogueKind, DialogueState, Level
from ..handling.models import AssignmentState, CaseState
from ..proposals.models import ProposalState

PREFIXES = {ProposalState: "proposal", DialogueState: "dialogue", CaseState: "case",
            AssignmentState: "assignment", Level: "level"}


def slug_for(value) -> str:
    """The glossary slug of an enum member: proposal-published, level-consultation, brukardialog ..."""
    if isinstance(value, DialogueKind):
        return value.glossary_slug
    return f"{PREFIXES[type(value)]}-{value.value}"


def status_members() -> list:
    """Every status and level a resident can meet in the interface, in glossary order."""
    return [m for enum in PREFIXES for m in enum]
