"""Search documents: what each kind (proposal, dialogue) looks like in the index, and its loader."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db


@dataclass
class Source:
    """A document kind: `load(ids)` returns the public documents among those ids (others vanish);
    `all_ids()` lists every id for a rebuild; `status_labels` maps status codes to labels."""

    kind: str
    load: Callable[[list[int]], list[dict]]
    all_ids: Callable[[], Iterable[int]]
    status_labels: dict


SOURCES: dict[str, Source] = {}


def register_source(kind: str, load, all_ids, status_labels: dict | None = None) -> None:
    """Register a document kind; the dialogues package calls this for "dialogue"."""
    SOURCES[kind] = Source(kind, load, all_ids, status_labels or {})


def doc_key(kind: str, ref_id: int) -> str:
    """The index key: Meilisearch allows only letters, digits, - and _ in ids."""
    return f"{kind}-{ref_id}"


def timestamp(moment: datetime | None) -> int | None:
    return int(moment.timestamp()) if moment else None


def make_document(*, kind: str, ref_id: int, title: str, summary: str, body: str, status: str,
                  boards: list[str], lead_board: str | None, districts: list[str], topics: list[str],
                  published: datetime | None, deadline: datetime | None, support_count: int = 0,
                  case_ref: str | None = None, url: str = "", dialogue_kind: str | None = None,
                  follow_up: str | None = None) -> dict:
    """The one shape every backend indexes (see the Search section of DESIGN.md).

    `dialogue_kind` (citizen, user, knowledge) is optional: a dialogue document carries it, a proposal not.
    """
    return {
        "key": doc_key(kind, ref_id), "kind": kind, "id": ref_id, "title": title,
        "summary": summary, "body": body[:20000], "status": status, "boards": boards,
        "lead_board": lead_board, "districts": districts, "topics": topics,
        "year": published.year if published else None, "published_at": timestamp(published) or 0,
        "deadline": timestamp(deadline), "support_count": support_count, "case_ref": case_ref,
        "url": url, "dialogue_kind": dialogue_kind, "follow_up": follow_up,
    }


# -- proposals -------------------------------------------------------------------------------

def proposal_document(p, follow_up: str | None = None) -> dict:
    boards: list[str] = []
    for t in p.topics:
        for b in t.boards:
            if b.slug not in boards:
                boards.append(b.slug)
    return make_document(
        kind="proposal", ref_id=p.id, title=p.title, summary=p.summary, body=p.body,
        status=p.state.value, boards=boards, lead_board=boards[0] if boards else None,
        districts=[p.district.slug] if p.district else [], topics=[t.slug for t in p.topics],
        published=p.published_at or p.submitted_at or p.created_at,
        deadline=p.ends_at if p.is_collecting else None, support_count=p.support_count,
        url=f"/proposals/{p.id}", follow_up=follow_up)


def load_proposals(ids: list[int]) -> list[dict]:
    """Public proposals only: a proposal hidden by reports or a moderator leaves the index."""
    from ..profile.models import Topic
    from ..proposals.models import PUBLIC_STATES, Proposal

    rows = db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids), Proposal.state.in_(PUBLIC_STATES), Proposal.hidden.is_(False))
        .options(selectinload(Proposal.topics).selectinload(Topic.boards))).unique()
    from ..handling.followup import facets_for
    rows = list(rows)
    follow_ups = facets_for([p.id for p in rows])
    return [proposal_document(p, follow_ups.get(p.id)) for p in rows]


def proposal_ids() -> Iterable[int]:
    from ..proposals.models import PUBLIC_STATES, Proposal
    return db.session.scalars(select(Proposal.id).where(Proposal.state.in_(PUBLIC_STATES),
                                                        Proposal.hidden.is_(False)).order_by(Proposal.id)).all()


def _proposal_labels() -> dict:
    from ..proposals.models import STATE_LABELS
    return {s.value: label for s, label in STATE_LABELS.items()}


register_source("proposal", load_proposals, proposal_ids, _proposal_labels())


def status_label(kind: str, status: str) -> str:
    source = SOURCES.get(kind)
    label = source.status_labels.get(status) if source else None
    return str(label) if label is not None else status


def load_documents(refs: list[tuple[str, int]]) -> tuple[list[dict], list[str]]:
    """Current documents for (kind, id) pairs, and the keys that must leave the index."""
    by_kind: dict[str, list[int]] = {}
    for kind, ref_id in refs:
        by_kind.setdefault(kind, []).append(ref_id)
    docs, gone = [], []
    for kind, ids in by_kind.items():
        source = SOURCES.get(kind)
        found = source.load(ids) if source else []
        docs.extend(found)
        present = {d["id"] for d in found}
        gone.extend(doc_key(kind, i) for i in ids if i not in present)
    return docs, gone


def all_batches(size: int = 500):
    """Every document of every kind, in batches (for a rebuild)."""
    for source in list(SOURCES.values()):
        ids = list(source.all_ids())
        for start in range(0, len(ids), size):
            yield source.load(ids[start:start + size])
