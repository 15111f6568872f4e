"""Atom feeds (feedgen) of public proposals per board, topic and district, and of one proposal's progress."""
from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask_babel import gettext as _
from sqlalchemy import exists, select

from ..comments.queries import newest as newest_comments
from ..extensions import db
from ..handling.models import Assignment, Case
from ..privacy.public import public_dict
from ..profile.models import Board, District, Topic
from ..proposals.models import Proposal, ProposalEvent, proposal_topics
from ..proposals.queries import public_proposals
from ..urls import external_url

FEED_LENGTH = 50


def _feed(feed_id: str, title: str, self_url: str, alt_url: str, updated) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.link(href=self_url, rel="self")
    fg.link(href=alt_url, rel="alternate")
    fg.author({"name": _("Malmö dialogue portal")})
    fg.rights("CC BY 4.0")
    if updated:
        fg.updated(updated)
    return fg


def _proposals_feed(stmt, feed_id: str, title: str, self_url: str) -> bytes:
    rows = list(db.session.scalars(stmt.order_by(Proposal.published_at.desc(), Proposal.id.desc())
                                   .limit(FEED_LENGTH)).unique())
    fg = _feed(feed_id, title, self_url, external_url("proposals.index"),
               max((p.updated_at for p in rows), default=None))
    for p in reversed(rows):
        d = public_dict("proposal", p)
        url = external_url("proposals.show", proposal_id=p.id)
        e = fg.add_entry()
        e.id(url)
        e.title(d["title"])
        e.link(href=url)
        e.summary(d["summary"])
        e.author({"name": d["author"]["public_name"]})
        e.published(p.published_at or p.created_at)
        e.updated(p.updated_at)
    return fg.atom_str(pretty=True)


def board_feed(board: Board) -> bytes:
    stmt = public_proposals().where(exists().where(Case.proposal_id == Proposal.id, Assignment.case_id == Case.id,
                                                   Assignment.board_id == board.id))
    url = external_url("opendata.board_feed", board=board.slug)
    return _proposals_feed(stmt, url, _("Proposals for %(name)s", name=board.name), url)


def topic_feed(topic: Topic) -> bytes:
    stmt = public_proposals().where(Proposal.id.in_(
        select(proposal_topics.c.proposal_id).where(proposal_topics.c.topic_id == topic.id)))
    url = external_url("opendata.topic_feed", topic=topic.slug)
    return _proposals_feed(stmt, url, _("Proposals about %(name)s", name=topic.name), url)


def district_feed(district: District) -> bytes:
    stmt = public_proposals().where(Proposal.district_id == district.id)
    url = external_url("opendata.district_feed", district=district.slug)
    return _proposals_feed(stmt, url, _("Proposals in %(name)s", name=district.name), url)


def proposal_feed(p: Proposal) -> bytes:
    """Each public change of status of one proposal, newest first."""
    url = external_url("opendata.proposal_feed", proposal_id=p.id)
    page = external_url("proposals.show", proposal_id=p.id)
    events = list(db.session.scalars(select(ProposalEvent).where(ProposalEvent.proposal_id == p.id)
                                     .order_by(ProposalEvent.id)))
    fg = _feed(url, _("Updates on “%(title)s”", title=p.title), url, page, p.updated_at)
    for ev in events:
        e = fg.add_entry()
        e.id(f"{url}#event-{ev.id}")
        e.title(_("Status: %(state)s", state=ev.to_state.label))
        e.link(href=page)
        e.updated(ev.at)
        e.published(ev.at)
    for c in reversed(newest_comments([p.id], FEED_LENGTH).get(p.id, [])):
        e = fg.add_entry()
        e.id(f"{url}#comment-{c.id}")
        who = c.board.name if c.board else c.author.public_name
        e.title(_("Comment from %(name)s", name=who))
        e.link(href=f"{page}#comment-{c.id}")
        e.content(c.body, type="text")
        e.updated(c.edited_at or c.created_at)
        e.published(c.created_at)
    return fg.atom_str(pretty=True)
