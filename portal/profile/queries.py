"""Lists of reference data, in profile order."""
from sqlalchemy import select

from ..extensions import db
from .models import Board, District, Topic


def all_districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.position)))


def all_topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.position)))


def all_boards() -> list[Board]:
    return list(db.session.scalars(select(Board).order_by(Board.position)))
