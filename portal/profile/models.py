"""Reference data that routing, proposals and dialogues share."""
from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import JSON, ForeignKey, String, Table, Column
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


def _localised(names: dict) -> str:
    lang = str(get_locale() or "sv")
    return names.get(lang) or names.get("sv") or next(iter(names.values()), "")


class Board(db.Model):
    """A municipal board (nämnd)."""

    __tablename__ = "boards"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    code: Mapped[str] = mapped_column(String(10))
    names: Mapped[dict] = mapped_column(JSON)
    inbox_email: Mapped[str | None] = mapped_column(String(254))
    position: Mapped[int] = mapped_column(default=0)

    @property
    def name(self) -> str:
        return _localised(self.names)

    def __repr__(self) -> str:
        return f"<Board {self.slug}>"


class District(db.Model):
    """A district (stadsområde) of the city: its Swedish name, and others an administrator adds."""

    __tablename__ = "districts"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    swedish_name: Mapped[str] = mapped_column("name", String(100))
    # Names in other languages ({"en": ..., "ar": ...}); the Swedish name is the fallback.
    names: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    position: Mapped[int] = mapped_column(default=0)

    @hybrid_property
    def name(self) -> str:
        """In the reader's language, else Swedish. In queries: the Swedish name."""
        return _localised({**(self.names or {}), "sv": self.swedish_name})

    @name.inplace.setter
    def _name_setter(self, value: str) -> None:
        self.swedish_name = value

    @name.inplace.expression
    @classmethod
    def _name_expression(cls):
        return cls.swedish_name

    def __repr__(self) -> str:
        return f"<District {self.slug}>"


topic_boards = Table(
    "topic_boards",
    db.Model.metadata,
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Column("board_id", ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True),
)


class Topic(db.Model):
    """A topic a resident can choose; each maps to one or more boards."""

    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    names: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    boards: Mapped[list[Board]] = relationship(secondary=topic_boards, order_by=Board.position)

    @property
    def name(self) -> str:
        return _localised(self.names)

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"
