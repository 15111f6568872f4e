"""Read-side queries for dialogues: lists, overlaps, calendar, district page, participants."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Select, and_, exists, func, or_, select, union
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..extensions import db
from ..moderation.models import Report
from ..profile.models import Board, District, Topic
from ..proposals.models import PUBLIC_STATES, Proposal, ProposalState, proposal_topics
from .models import (Contribution, ContributionState, Dialogue, DialogueKind, DialogueState, DialogueTargetGroup, Follower,
                     Level, Meeting, Signup, dialogue_boards, dialogue_districts, dialogue_topics)

LIST_LOADS = (selectinload(Dialogue.boards), selectinload(Dialogue.districts),
              selectinload(Dialogue.target_group_rows))


def filtered(state: str | None = None, level: str | None = None, district: str | None = None,
             board: str | None = None, kind: str | None = None) -> Select:
    """Dialogues filtered by status, level, district slug, board slug and kind, newest period first."""
    stmt = select(Dialogue).options(*LIST_LOADS)
    if kind:
        stmt = stmt.where(Dialogue.kind == DialogueKind(kind))
    if state:
        stmt = stmt.where(Dialogue.state == DialogueState(state))
    if level:
        stmt = stmt.where(Dialogue.level == Level(level))
    if district:
        stmt = stmt.where(exists().where(dialogue_districts.c.dialogue_id == Dialogue.id,
                                         dialogue_districts.c.district_id == District.id,
                                         District.slug == district))
    if board:
        stmt = stmt.where(exists().where(dialogue_boards.c.dialogue_id == Dialogue.id,
                                         dialogue_boards.c.board_id == Board.id, Board.slug == board))
    return stmt.order_by(Dialogue.starts_on.desc(), Dialogue.id.desc())


def for_coordination(state=None, level=None, district=None, board=None, kind=None) -> Select:
    """The filtered list with the meetings loaded too, so each row's checklist costs no query."""
    return filtered(state, level, district, board, kind).options(selectinload(Dialogue.meetings))


@dataclass
class Overlap:
    dialogue: Dialogue
    districts: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    topics: list = field(default_factory=list)


def overlaps(starts_on: date, ends_on: date, district_ids, target_groups, topic_ids,
             exclude_id: int | None = None) -> list[Overlap]:
    """Other dialogues in the same district with overlapping periods and a shared target group or topic."""
    district_ids = {int(i) for i in district_ids or []}
    topic_ids = {int(i) for i in topic_ids or []}
    groups = {g.value if hasattr(g, "value") else g for g in target_groups or []}
    if not district_ids or not (groups or topic_ids):
        return []
    shares = []
    if groups:
        shares.append(exists().where(DialogueTargetGroup.dialogue_id == Dialogue.id,
                                     DialogueTargetGroup.group.in_(groups)))
    if topic_ids:
        shares.append(exists().where(dialogue_topics.c.dialogue_id == Dialogue.id,
                                     dialogue_topics.c.topic_id.in_(topic_ids)))
    stmt = (select(Dialogue).options(*LIST_LOADS, selectinload(Dialogue.topics))
            .where(Dialogue.state != DialogueState.CLOSED,
                   Dialogue.starts_on <= ends_on, Dialogue.ends_on >= starts_on,
                   exists().where(dialogue_districts.c.dialogue_id == Dialogue.id,
                                  dialogue_districts.c.district_id.in_(district_ids)),
                   or_(*shares))
            .order_by(Dialogue.starts_on, Dialogue.id))
    if exclude_id:
        stmt = stmt.where(Dialogue.id != exclude_id)
    found = []
    for d in db.session.scalars(stmt):
        found.append(Overlap(
            dialogue=d,
            districts=[x for x in d.districts if x.id in district_ids],
            target_groups=[g for g in d.target_groups if g.value in groups],
            topics=[t for t in d.topics if t.id in topic_ids]))
    return found


def overlaps_of(dialogue: Dialogue) -> list[Overlap]:
    return overlaps(dialogue.starts_on, dialogue.ends_on, [d.id for d in dialogue.districts],
                    dialogue.target_groups, [t.id for t in dialogue.topics], exclude_id=dialogue.id)


def related_to_proposal(proposal: Proposal, limit: int = 5) -> list[Dialogue]:
    """Dialogues that share a topic with the proposal and include its district (one query)."""
    topic_ids = [t.id for t in proposal.topics]
    if not topic_ids:
        return []
    stmt = select(Dialogue).where(exists().where(dialogue_topics.c.dialogue_id == Dialogue.id,
                                                 dialogue_topics.c.topic_id.in_(topic_ids)))
    if proposal.district_id:
        stmt = stmt.where(exists().where(dialogue_districts.c.dialogue_id == Dialogue.id,
                                         dialogue_districts.c.district_id == proposal.district_id))
    return list(db.session.scalars(stmt.order_by(Dialogue.starts_on.desc(), Dialogue.id.desc()).limit(limit)))


def in_district(district: District) -> dict:
    """Everything ongoing in a district: dialogues, proposals and decisions."""
    dialogues = list(db.session.scalars(
        filtered(district=district.slug).where(Dialogue.state != DialogueState.CLOSED)))
    base = (select(Proposal).where(Proposal.district_id == district.id)
            .options(selectinload(Proposal.topics)))
    decided = (ProposalState.ANSWERED, ProposalState.CLOSED)
    proposals = list(db.session.scalars(base.where(
        Proposal.state.in_(PUBLIC_STATES - {ProposalState.EXPIRED, ProposalState.WITHDRAWN, *decided}))
        .order_by(Proposal.published_at.desc(), Proposal.id.desc())).unique())
    decisions = list(db.session.scalars(base.where(Proposal.state.in_(decided), Proposal.outcome.is_not(None))
                                        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())).unique())
    return {"dialogues": dialogues, "proposals": proposals, "decisions": decisions}


def dialogue_page(dialogue_id: int) -> Dialogue | None:
    return db.session.scalar(select(Dialogue).where(Dialogue.id == dialogue_id).options(
        *LIST_LOADS, selectinload(Dialogue.topics), selectinload(Dialogue.questions),
        selectinload(Dialogue.meetings).selectinload(Meeting.signups), selectinload(Dialogue.proposals),
        selectinload(Dialogue.events)))


def published_contributions(dialogue: Dialogue) -> list[Contribution]:
    """Top-level published contributions with their published replies (two queries)."""
    rows = list(db.session.scalars(
        select(Contribution).where(Contribution.dialogue_id == dialogue.id,
                                   Contribution.state == ContributionState.PUBLISHED)
        .options(selectinload(Contribution.author), selectinload(Contribution.moderation_reason))
        .order_by(Contribution.id)))
    top = [c for c in rows if c.parent_id is None]
    by_parent: dict[int, list] = {}
    for c in rows:
        if c.parent_id:
            by_parent.setdefault(c.parent_id, []).append(c)
    for c in top:
        c.published_replies = by_parent.get(c.id, [])
    return top


def reported_contributions() -> list[tuple[Contribution, int]]:
    """Published contributions that are hidden or have open reports, with the open-report count."""
    counts = dict(db.session.execute(
        select(Report.content_id, func.count(Report.id)).where(
            Report.content_type == "contribution", Report.resolved_at.is_(None)).group_by(Report.content_id)).all())
    rows = list(db.session.scalars(
        select(Contribution).where(Contribution.state == ContributionState.PUBLISHED,
                                   or_(Contribution.hidden.is_(True), Contribution.id.in_(list(counts) or [-1])))
        .options(selectinload(Contribution.author), selectinload(Contribution.dialogue),
                 selectinload(Contribution.moderation_reason))
        .order_by(Contribution.id.desc()).limit(200)))
    return [(c, counts.get(c.id, 0)) for c in rows]


def is_following(dialogue: Dialogue, user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return db.session.get(Follower, (dialogue.id, user.id)) is not None


def participants(dialogue: Dialogue) -> list[User]:
    """Everyone who took part: followers, contributors and people signed up for a meeting."""
    ids = union(
        select(Follower.user_id).where(Follower.dialogue_id == dialogue.id),
        select(Contribution.author_id).where(Contribution.dialogue_id == dialogue.id),
        select(Signup.user_id).join(Meeting, Meeting.id == Signup.meeting_id)
        .where(Meeting.dialogue_id == dialogue.id)).subquery()
    return list(db.session.scalars(select(User).where(User.id.in_(select(ids.c[0])), User.active.is_(True))
                                   .order_by(User.id)))


def moderation_queue() -> list[Contribution]:
    return list(db.session.scalars(
        select(Contribution).where(Contribution.state == ContributionState.PENDING)
        .options(selectinload(Contribution.author), selectinload(Contribution.dialogue),
                 selectinload(Contribution.question))
        .order_by(Contribution.created_at, Contribution.id)))


@dataclass
class Day:
    day: date
    in_month: bool
    starts: list = field(default_factory=list)
    ends: list = field(default_factory=list)
    meetings: list = field(default_factory=list)


def month_calendar(year: int, month: int, dialogues: list[Dialogue]) -> dict:
    """A month grid (weeks of days) with dialogue starts, ends and meetings; rendered on the server."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    grid_start = first - timedelta(days=first.weekday())
    grid_end = last + timedelta(days=6 - last.weekday())
    days = {}
    d = grid_start
    while d <= grid_end:
        days[d] = Day(d, d.month == month)
        d += timedelta(days=1)
    running = [x for x in dialogues if x.starts_on <= last and x.ends_on >= first]
    for x in running:
        if x.starts_on in days:
            days[x.starts_on].starts.append(x)
        if x.ends_on in days:
            days[x.ends_on].ends.append(x)
    from .operations import LOCAL
    lo = datetime.combine(grid_start - timedelta(days=1), time(), tzinfo=timezone.utc)
    hi = datetime.combine(grid_end + timedelta(days=2), time(), tzinfo=timezone.utc)
    for m in db.session.scalars(select(Meeting).options(selectinload(Meeting.dialogue))
                                .where(Meeting.starts_at >= lo, Meeting.starts_at < hi)
                                .order_by(Meeting.starts_at)):
        local = m.starts_at.astimezone(LOCAL).date()
        if local in days:
            days[local].meetings.append(m)
    ordered = [days[k] for k in sorted(days)]
    weeks = [ordered[i:i + 7] for i in range(0, len(ordered), 7)]
    prev_m = (first - timedelta(days=1)).replace(day=1)
    next_m = last + timedelta(days=1)
    return {"weeks": weeks, "first": first, "running": running, "prev": prev_m, "next": next_m}


def grouped_by_district(dialogues: list[Dialogue]) -> list[tuple]:
    """(district or None, dialogues) in profile order; city-wide ones last."""
    groups: dict = {}
    for d in dialogues:
        for x in d.districts or [None]:
            groups.setdefault(x, []).append(d)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0].position if kv[0] else 0))
