"""The open-data page, exports (CSV, JSON) and Atom feeds; everything here is public and read-only."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..handling.queries import all_boards
from ..profile.models import Board, District, Topic
from ..proposals.models import Proposal
from ..handling.permissions import is_coordinator
from . import feeds, report
from .exports import DATASETS, LICENCE, LICENCE_URL, to_csv

bp = Blueprint("opendata", __name__, template_folder="templates")


@bp.route("/open-data")
def index():
    districts = db.session.scalars(select(District).order_by(District.position, District.id)).all()
    topics = db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)).all()
    return render_template("opendata/index.html", datasets=list(DATASETS), licence=LICENCE,
                           licence_url=LICENCE_URL, boards=all_boards(), districts=districts, topics=topics)


@bp.route("/open-data/<dataset>.csv")
def export_csv(dataset):
    rows = _rows(dataset)
    return Response(to_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={dataset}.csv"})


@bp.route("/open-data/<dataset>.json")
def export_json(dataset):
    body = {"licence": LICENCE, "licence_url": LICENCE_URL, "items": _rows(dataset)}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")


def _rows(dataset: str) -> list[dict]:
    if dataset not in DATASETS:
        abort(404)
    return DATASETS[dataset]()


def _atom(body: bytes) -> Response:
    return Response(body, mimetype="application/atom+xml")


def _by_slug(model, slug):
    return db.session.scalar(select(model).where(model.slug == slug)) or abort(404)


@bp.route("/feeds/boards/<board>.atom")
def board_feed(board):
    return _atom(feeds.board_feed(_by_slug(Board, board)))


@bp.route("/feeds/topics/<topic>.atom")
def topic_feed(topic):
    return _atom(feeds.topic_feed(_by_slug(Topic, topic)))


@bp.route("/feeds/districts/<district>.atom")
def district_feed(district):
    return _atom(feeds.district_feed(_by_slug(District, district)))


@bp.route("/feeds/proposals/<int:proposal_id>.atom")
def proposal_feed(proposal_id):
    p = db.session.get(Proposal, proposal_id)
    if p is None or not p.is_public or p.hidden:
        abort(404)
    return _atom(feeds.proposal_feed(p))


# -- statistics --

def _rtl() -> bool:
    return str(get_locale()) == "ar"


def _charts(keys) -> list:
    rtl = _rtl()
    return [report.build(k, rtl) for k in keys]


@bp.route("/statistics")
def statistics():
    return render_template("opendata/statistics.html", charts=_charts(report.PUBLIC), full=False,
                           show_full_link=is_coordinator(current_user))


@bp.route("/statistics/coordination")
def statistics_full():
    if not is_coordinator(current_user):
        abort(404 if not current_user.is_authenticated else 403)
    return render_template("opendata/statistics.html", charts=_charts(report.COORDINATORS), full=True,
                           show_full_link=False)


@bp.route("/statistics/<chart>.csv")
def statistics_csv(chart):
    allowed = report.COORDINATORS if is_coordinator(current_user) else report.PUBLIC
    if chart not in allowed:
        abort(404)
    c = report.build(chart, False)
    headers = [heading for _k, heading in c.headers]
    body = to_csv([{heading: row.get(key, "") for key, heading in c.headers} for row in c.rows], headers)
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={chart}.csv"})
