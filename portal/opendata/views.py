"""The open-data page, exports (CSV, JSON) and Atom feeds; everything here is public and read-only."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template
from sqlalchemy import select

from ..extensions import db
from ..handling.queries import all_boards
from ..profile.models import Board, District, Topic
from ..proposals.models import Proposal
from . import feeds
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
