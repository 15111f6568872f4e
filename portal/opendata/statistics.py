"""Statistics on how the city answers: aggregate queries (GROUP BY), a fixed number whatever the data size."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, distinct, func, literal, select, union

from ..db import utcnow
from ..dialogues.models import Contribution, ContributionState, Dialogue, Level, dialogue_districts
from ..extensions import db
from ..handling.models import Assignment, AssignmentRole, AssignmentState, Case, CaseState
from ..profile.models import Board, District, Topic
from ..proposals.models import PUBLIC_STATES, Proposal, Support, proposal_topics

MONTHS = 12


@dataclass
class Series:
    """Counts per label (a board, a topic, a district) and per month."""

    key: str
    labels: dict[str, str]  # slug -> name in the reader's language
    months: list[str]
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def total(self, slug: str) -> int:
        return sum(n for (s, _m), n in self.counts.items() if s == slug)

    def rows(self) -> list[dict]:
        return [{"slug": slug, "name": name, **{m: self.counts.get((slug, m), 0) for m in self.months},
                 "total": self.total(slug)} for slug, name in self.labels.items()]


def _month(col):
    if db.engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m", col)
    return func.to_char(func.timezone("UTC", col), "YYYY-MM")


def _last_months(now: datetime, n: int = MONTHS) -> list[str]:
    y, m, out = now.year, now.month, []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def _public():
    return and_(Proposal.state.in_(PUBLIC_STATES), Proposal.hidden.is_(False))


def _series(key, labels, stmt, months) -> Series:
    s = Series(key=key, labels=labels, months=months)
    for slug, month, n in db.session.execute(stmt):
        if month in months:
            s.counts[(slug, month)] = n
    return s


def proposals_per_board(now=None) -> Series:
    """Public proposals per board that handles them (lead or consulted), by month of publication."""
    months = _last_months(now or utcnow())
    month = _month(Proposal.published_at)
    stmt = (select(Board.slug, month, func.count(distinct(Proposal.id)))
            .join(Assignment, Assignment.board_id == Board.id).join(Case, Case.id == Assignment.case_id)
            .join(Proposal, Proposal.id == Case.proposal_id)
            .where(_public(), Assignment.state != AssignmentState.DECLINED).group_by(Board.slug, month))
    boards = db.session.scalars(select(Board).order_by(Board.position, Board.id)).all()
    return _series("board", {b.slug: b.name for b in boards}, stmt, months)


def proposals_per_topic(now=None) -> Series:
    months = _last_months(now or utcnow())
    month = _month(Proposal.published_at)
    stmt = (select(Topic.slug, month, func.count(distinct(Proposal.id)))
            .join(proposal_topics, proposal_topics.c.topic_id == Topic.id)
            .join(Proposal, Proposal.id == proposal_topics.c.proposal_id)
            .where(_public()).group_by(Topic.slug, month))
    topics = db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)).all()
    return _series("topic", {t.slug: t.name for t in topics}, stmt, months)


def proposals_per_district(now=None) -> Series:
    months = _last_months(now or utcnow())
    month = _month(Proposal.published_at)
    stmt = (select(District.slug, month, func.count(Proposal.id))
            .join(Proposal, Proposal.district_id == District.id)
            .where(_public()).group_by(District.slug, month))
    districts = db.session.scalars(select(District).order_by(District.position, District.id)).all()
    return _series("district", {d.slug: d.name for d in districts}, stmt, months)


def routed_to_several() -> dict:
    """How many cases went to more than one board."""
    per_case = (select(Assignment.case_id, func.count().label("n"))
                .where(Assignment.state != AssignmentState.DECLINED).group_by(Assignment.case_id).subquery())
    total, several = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((per_case.c.n > 1, 1), else_=0)), 0))
        .select_from(per_case)).one()
    return {"cases": total, "several": int(several), "share": (several / total) if total else 0.0}


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (nearest rank); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def lead_times() -> list[dict]:
    """Days from submission to handling and from handling to the answer, per lead board: median and 90th
    percentile. One query; the percentiles are taken in Python (SQLite has no percentile function)."""
    rows = db.session.execute(
        select(Board.slug, Proposal.submitted_at, Case.created_at, Case.decided_at)
        .join(Case, Case.lead_board_id == Board.id).join(Proposal, Proposal.id == Case.proposal_id)
        .where(Proposal.hidden.is_(False)))
    per: dict[str, dict[str, list[float]]] = {}
    for slug, submitted, handled, decided in rows:
        d = per.setdefault(slug, {"to_handling": [], "to_answer": []})
        if submitted and handled:
            d["to_handling"].append((handled - submitted).total_seconds() / 86400)
        if handled and decided:
            d["to_answer"].append((decided - handled).total_seconds() / 86400)
    boards = db.session.scalars(select(Board).order_by(Board.position, Board.id)).all()
    out = []
    for b in boards:
        d = per.get(b.slug, {"to_handling": [], "to_answer": []})
        out.append({"slug": b.slug, "name": b.name, "cases": len(d["to_handling"]), "answered": len(d["to_answer"]),
                    **{f"{k}_{label}": _round(percentile(v, p)) for k, v in d.items()
                       for label, p in (("median", 50), ("p90", 90))}})
    return out


def _round(v):
    return None if v is None else round(v, 1)


def statements_on_time() -> list[dict]:
    """Statements sent per consulted board, and how many by the consultation's deadline."""
    rows = db.session.execute(
        select(Board.slug, Assignment.sent_at, Case.consultation_deadline)
        .join(Assignment, Assignment.board_id == Board.id).join(Case, Case.id == Assignment.case_id)
        .where(Assignment.role == AssignmentRole.CONSULTED, Assignment.state == AssignmentState.SENT))
    per: dict[str, list[int]] = {}
    for slug, sent_at, deadline in rows:
        c = per.setdefault(slug, [0, 0])
        c[0] += 1
        c[1] += int(deadline is None or sent_at.date() <= deadline)
    boards = db.session.scalars(select(Board).order_by(Board.position, Board.id)).all()
    return [{"slug": b.slug, "name": b.name, "sent": per.get(b.slug, [0, 0])[0],
             "on_time": per.get(b.slug, [0, 0])[1]} for b in boards]


def overdue_cases(now=None) -> list[dict]:
    """Open cases past their due date, per lead board."""
    counts = dict(db.session.execute(
        select(Board.slug, func.count(Case.id)).join(Case, Case.lead_board_id == Board.id)
        .where(Case.state != CaseState.DECIDED, Case.due_at < (now or utcnow())).group_by(Board.slug)).all())
    boards = db.session.scalars(select(Board).order_by(Board.position, Board.id)).all()
    return [{"slug": b.slug, "name": b.name, "overdue": counts.get(b.slug, 0)} for b in boards]


def dialogues_per_district_and_level() -> tuple[list[str], list[dict]]:
    counts = {(slug, level.value if hasattr(level, "value") else level): n for slug, level, n in db.session.execute(
        select(District.slug, Dialogue.level, func.count(Dialogue.id))
        .join(dialogue_districts, dialogue_districts.c.district_id == District.id)
        .join(Dialogue, Dialogue.id == dialogue_districts.c.dialogue_id).group_by(District.slug, Dialogue.level))}
    levels = [lv.value for lv in Level]
    districts = db.session.scalars(select(District).order_by(District.position, District.id)).all()
    rows = [{"slug": d.slug, "name": d.name, **{lv: counts.get((d.slug, lv), 0) for lv in levels}}
            for d in districts]
    for r in rows:
        r["total"] = sum(r[lv] for lv in levels)
    return levels, rows


def participation() -> dict:
    """Unique residents who took part (wrote a public proposal, supported, contributed), and the counts."""
    people = union(select(Proposal.author_id.label("uid")).where(_public()),
                   select(Support.user_id.label("uid")),
                   select(Contribution.author_id.label("uid"))).subquery()
    residents, supports, contributions, proposals = db.session.execute(select(
        select(func.count(distinct(people.c.uid))).scalar_subquery(),
        select(func.count(Support.id)).scalar_subquery(),
        select(func.count(Contribution.id)).where(Contribution.state == ContributionState.PUBLISHED).scalar_subquery(),
        select(func.count(Proposal.id)).where(_public()).scalar_subquery(),
        literal(1))).one()[:4]
    return {"residents": residents, "proposals": proposals, "supports": supports, "contributions": contributions}
