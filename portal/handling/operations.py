"""Start handling a proposal that reached its threshold."""
from __future__ import annotations

from ..proposals.models import ProposalState


def start_handling(proposal, actor) -> None:
    """Move a proposal into handling (routing and cases hook in here)."""
    proposal.transition(ProposalState.IN_HANDLING, actor)
