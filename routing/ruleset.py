"""Rule sets: the data (boards, districts, topics, rules) and how to load them."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .normalise import normalise
from .validate import validate

if TYPE_CHECKING:
    from .index import TermIndex


class RuleSetError(ValueError):
    """A rule set could not be loaded; ``problems`` lists every reason with its location."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid rule set:\n" + "\n".join(self.problems))


@dataclass(frozen=True)
class Board:
    slug: str
    code: str
    name: dict[str, str]


@dataclass(frozen=True)
class District:
    slug: str
    name: str


@dataclass(frozen=True)
class Topic:
    slug: str
    name: dict[str, str]
    boards: tuple[str, ...]


@dataclass(frozen=True)
class Conditions:
    district: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    scope: str = "sentence"          # where all/none are looked for: the term's sentence, or the text


@dataclass(frozen=True)
class Rule:
    id: str
    terms: tuple[str, ...]
    boards: tuple[str, ...]          # effective boards (the topics' boards if none given)
    topics: tuple[str, ...]
    weight: float
    when: Conditions
    en: tuple[str, ...] = ()         # English terms: whole words only
    ar: tuple[str, ...] = ()         # Arabic terms: matched by light stem

    def all_terms(self) -> list[tuple[str, str]]:
        """(language, term) for every term of the rule."""
        return ([("sv", t) for t in self.terms] + [("en", t) for t in self.en]
                + [("ar", t) for t in self.ar])


@dataclass(frozen=True)
class Settings:
    min_score: float = 2.0
    lead_kommunstyrelsen_at: int = 4
    many_boards_lead: str = "kommunstyrelsen"
    city_wide_terms: tuple[str, ...] = ()
    city_wide_min_boards: int = 2
    topic_weight: float = 2.0
    title_bonus: float = 0.5
    extra_term_bonus: float = 0.25
    max_term_factor: float = 2.0
    default_language: str = "sv"
    background_weight: float = 0.5   # salience of the writer's own story (routing/salience.py)
    neutral_weight: float = 0.75     # a sentence that neither asks nor tells, beside one that asks
    location_weight: float = 0.35    # a term named as a place ("vid biblioteket")
    list_boards: int = 3             # a sentence touching this many boards is a list
    strong_score: float = 6.0        # a board with only incidental mentions routes from this score


@dataclass(frozen=True, repr=False)
class RuleSet:
    version: str
    name: str
    settings: Settings
    precedence: tuple[str, ...]      # every board: the configured order, then file order
    boards: dict[str, Board]
    districts: list[District]
    topics: dict[str, Topic]
    rules: tuple[Rule, ...]
    lexicon: tuple[str, ...] = ()
    source: str = field(default="<string>", compare=False)

    def __repr__(self) -> str:
        return f"<RuleSet {self.name!r} {self.version!r}: {len(self.boards)} boards, {len(self.rules)} rules>"

    @functools.cached_property
    def index(self) -> "TermIndex":
        """The term index, built once per rule set on first use."""
        from .index import TermIndex
        return TermIndex(self)

    def district_slug(self, value: str | None) -> str | None:
        """Resolve a district given by slug or name, case-insensitively; None if unknown."""
        if not value:
            return None
        key = normalise(value.strip())
        for d in self.districts:
            if key in (d.slug, normalise(d.name)):
                return d.slug
        return None


def parse_ruleset(text: str, source: str = "<string>") -> RuleSet:
    """Parse and validate a YAML rule set; raise RuleSetError listing every problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise RuleSetError([f"{where}: YAML syntax error: {getattr(exc, 'problem', exc)}"]) from None
    problems = validate(data, node, source)
    if problems:
        raise RuleSetError(problems)
    return _build(data, source)


def load_ruleset(path: str | Path) -> RuleSet:
    """Load a rule set file; raise RuleSetError listing every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError([f"{path}: cannot read: {exc}"]) from None
    return parse_ruleset(text, source=str(path))


@functools.lru_cache(maxsize=1)
def default_ruleset() -> RuleSet:
    """The shipped Malmö rule set (cached)."""
    text = resources.files("routing").joinpath("rulesets/malmo.yaml").read_text(encoding="utf-8")
    return parse_ruleset(text, source="routing/rulesets/malmo.yaml")


def _build(data: dict, source: str) -> RuleSet:
    boards = {b["slug"]: Board(b["slug"], b["code"], dict(b["name"])) for b in data["boards"]}
    topics = {t["slug"]: Topic(t["slug"], dict(t["name"]), tuple(t["boards"])) for t in data.get("topics") or []}
    districts = [District(d["slug"], d["name"]) for d in data.get("districts") or []]
    s = data.get("settings") or {}
    settings = Settings(**{k: tuple(v) if isinstance(v, list) else v for k, v in s.items()})
    precedence = tuple(data.get("precedence") or [])
    precedence += tuple(b for b in boards if b not in precedence)
    rules = []
    for r in data.get("rules") or []:
        when = r.get("when") or {}
        rboards = list(r.get("boards") or [])
        for t in r.get("topics") or []:
            if not r.get("boards"):
                rboards += [b for b in topics[t].boards if b not in rboards]
        rules.append(Rule(
            id=str(r["id"]), terms=tuple(r.get("terms") or ()), boards=tuple(rboards),
            en=tuple(r.get("en") or ()), ar=tuple(r.get("ar") or ()),
            topics=tuple(r.get("topics") or ()), weight=float(r.get("weight", 1)),
            when=Conditions(**{k: v if k == "scope" else tuple(v) for k, v in when.items()}),
        ))
    return RuleSet(
        version=data["version"], name=data["name"], settings=settings, precedence=precedence,
        boards=boards, districts=districts, topics=topics, rules=tuple(rules),
        lexicon=tuple(data.get("lexicon") or ()), source=source,
    )
