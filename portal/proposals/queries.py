"""Read-side queries for proposals: lists, filters, similar titles."""
from __future__ import annotations

import re

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..extensions import db
from ..profile.models import District, Topic
from .models import PUBLIC_STATES, Proposal, ProposalState, Support, proposal_topics
from .pagination import Order, Page, keyset_page

SORTS = {
    "newest": (Proposal.published_at.desc(), Proposal.id.desc()),
    "support": (Proposal.support_count.desc(), Proposal.id.desc()),
    "ending": (Proposal.ends_at.asc(), Proposal.id.asc()),
}


# The same orders, for keyset pagination (`pagination.keyset_page`).
ORDERS = {
    "newest": Order(Proposal.published_at, descending=True),
    "support": Order(Proposal.support_count, descending=True),
    "ending": Order(Proposal.ends_at, descending=False),
}


def public_proposals() -> Select:
    return select(Proposal).where(Proposal.state.in_(PUBLIC_STATES), Proposal.hidden.is_(False))


def filtered(state: str | None = None, district: str | None = None, topic: str | None = None,
             sort: str = "newest") -> Select:
    """Ids of public proposals filtered by status, district slug and topic slug, in list order.

    Only ids: the narrow query runs on indexes alone, and `load_in_order` fetches the page's rows."""
    stmt = select(Proposal.id).where(Proposal.state.in_(PUBLIC_STATES), Proposal.hidden.is_(False))
    if state:
        stmt = stmt.where(Proposal.state == ProposalState(state))
    if sort == "ending":
        stmt = stmt.where(Proposal.state == ProposalState.PUBLISHED)
    if district:
        stmt = stmt.where(Proposal.district_id == select(District.id).where(District.slug == district).scalar_subquery())
    if topic:
        sub = select(proposal_topics.c.proposal_id).join(Topic, Topic.id == proposal_topics.c.topic_id) \
            .where(Topic.slug == topic)
        stmt = stmt.where(Proposal.id.in_(sub))
    return stmt.order_by(*SORTS.get(sort, SORTS["newest"]))


def load_in_order(ids: list[int]) -> list[Proposal]:
    """The proposals with these ids, in the given order, with what a list shows (constant queries)."""
    if not ids:
        return []
    rows = {p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids))).unique()}
    return [rows[i] for i in ids if i in rows]


def paginate(stmt: Select, page: int, per_page: int, load=None) -> Page:
    """A count and the page's rows: the same few queries whatever the list length.

    With `load`, `stmt` selects ids only and `load(ids)` fetches the rows (narrow queries first)."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=load(rows) if load else rows, page=page, per_page=per_page, total=total)


def list_page(state: str | None, district: str | None, topic: str | None, sort: str, page: int, per_page: int,
              after: str | None = None, before: str | None = None) -> Page:
    """One page of the public list, read by key: the same cost on page 1 and page 5,000."""
    return keyset_page(filtered(state, district, topic, sort), ORDERS[sort], page, per_page, after=after,
                       before=before, load=load_in_order, cache_key=("proposals", state, district, topic, sort))


def newest(limit: int = 6) -> list[Proposal]:
    return load_in_order(list(db.session.scalars(filtered(state="published", sort="newest").limit(limit))))


def most_supported(limit: int = 6) -> list[Proposal]:
    return load_in_order(list(db.session.scalars(filtered(state="published", sort="support").limit(limit))))


_WORD = re.compile(r"\w{4,}", re.UNICODE)
STOPWORDS = {"för", "till", "från", "med", "och", "eller", "inte", "alla", "ska", "bör", "vara",
             "mer", "fler", "nya", "ny", "nytt", "the", "and", "for", "with", "more", "från", "över",
             "under", "efter", "utan", "våra", "vår", "mitt", "min", "kring", "runt"}


def title_words(title: str) -> list[str]:
    words = [w.casefold() for w in _WORD.findall(title or "")]
    return [w for w in dict.fromkeys(words) if w not in STOPWORDS][:8]


def similar(title: str, exclude_id: int | None = None, limit: int = 5, since=None) -> list[Proposal]:
    """Public proposals whose titles share words with `title`, most overlap first (published after `since`)."""
    words = title_words(title)
    if not words:
        return []
    # A word stem (first 5 letters) catches inflections: lekplats / lekplatser.
    conds = [func.lower(Proposal.title).contains(w[:5] if len(w) > 5 else w, autoescape=True)
             for w in words]
    stmt = public_proposals().where(or_(*conds))
    if exclude_id:
        stmt = stmt.where(Proposal.id != exclude_id)
    if since is not None:
        stmt = stmt.where(Proposal.published_at >= since)
    candidates = list(db.session.scalars(stmt.order_by(Proposal.id.desc()).limit(200)).unique())
    scored = []
    for p in candidates:
        low = p.title.casefold()
        score = sum(1 for w in words if (w[:5] if len(w) > 5 else w) in low)
        scored.append((score, p.id, p))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    return [p for s, _, p in scored if s >= min(2, len(words))][:limit]


def supported_ids(user, proposal_ids: list[int]) -> set[int]:
    if not user or not user.is_authenticated or not proposal_ids:
        return set()
    return set(db.session.scalars(select(Support.proposal_id).where(
        Support.user_id == user.id, Support.proposal_id.in_(proposal_ids))))


def by_author(user) -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(Proposal.author_id == user.id)
                                   .order_by(Proposal.created_at.desc())).unique())


def moderation_queue() -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(Proposal.state == ProposalState.SUBMITTED)
                                   .order_by(Proposal.submitted_at)).unique())


def named_supporters(proposal: Proposal, page: int, per_page: int) -> Page:
    """The supporters who chose to be named, in the order they supported (two queries)."""
    stmt = (select(Support).where(Support.proposal_id == proposal.id, Support.shown.is_(True))
            .options(joinedload(Support.user)).order_by(Support.id))
    return paginate(stmt, page, per_page)


def supporter_names(proposal: Proposal) -> list[tuple[str, str, bool, bool, object]]:
    """Every supporter's name for the board's records: (display name, alias, shown publicly,
    verified by e-legitimation, since)."""
    rows = db.session.execute(select(User.display_name, User.deleted_at, Support.alias, Support.shown,
                                     Support.person_id.is_not(None), Support.created_at)
                              .join(User, User.id == Support.user_id)
                              .where(Support.proposal_id == proposal.id).order_by(Support.id)).all()
    return [(name if deleted is None else "", alias or "", shown, verified, at)
            for name, deleted, alias, shown, verified, at in rows]
