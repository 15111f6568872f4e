"""Validation of a parsed rule set: every problem, each with its location and YAML line."""
from __future__ import annotations

import re
from typing import Any

import yaml

from .normalise import normalise, tokens

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP = {"version", "name", "settings", "precedence", "boards", "districts", "topics", "rules", "lexicon"}
_RULE_KEYS = {"id", "terms", "en", "ar", "boards", "topics", "weight", "when"}
_CONDITIONS = {"district", "topics", "all", "any", "none", "scope"}
_SCOPES = ("sentence", "text")
_SETTINGS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "min_score": ((int, float), "a number"),
    "lead_kommunstyrelsen_at": (int, "an integer"),
    "many_boards_lead": (str, "a board slug"),
    "city_wide_terms": (list, "a list of terms"),
    "city_wide_min_boards": (int, "an integer"),
    "topic_weight": ((int, float), "a number"),
    "title_bonus": ((int, float), "a number"),
    "extra_term_bonus": ((int, float), "a number"),
    "max_term_factor": ((int, float), "a number"),
    "default_language": (str, "a language code"),
    "background_weight": ((int, float), "a number"),
    "neutral_weight": ((int, float), "a number"),
    "location_weight": ((int, float), "a number"),
    "list_boards": (int, "an integer"),
    "strong_score": ((int, float), "a number"),
}

Path = tuple[Any, ...]


class _Reporter:
    """Collects problems, labelling each with its place and YAML line number."""

    def __init__(self, data: Any, node: yaml.Node | None, source: str) -> None:
        self.data, self.source, self.problems = data, source, []
        self.lines: dict[Path, int] = {}
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: Path) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k)
                if key in seen:
                    self.lines[path + (key,)] = k.start_mark.line + 1
                    self.add(path + (key,), f"duplicate key '{key}'")
                seen.add(key)
                self._walk(v, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                self._walk(v, path + (i,))

    def label(self, path: Path) -> str:
        if len(path) >= 2 and isinstance(path[1], int):
            item = self.data[path[0]][path[1]] if self._exists(path[:2]) else None
            name = ""
            if isinstance(item, dict):
                key = "id" if path[0] == "rules" else "slug"
                if isinstance(item.get(key), (str, int)):
                    name = f" ({key}={item[key]})"
            return f"{path[0]}[{path[1]}]{name}"
        return ".".join(map(str, path)) or "(top)"

    def _exists(self, path: Path) -> bool:
        cur = self.data
        try:
            for p in path:
                cur = cur[p]
        except (KeyError, IndexError, TypeError):
            return False
        return True

    def add(self, path: Path, message: str) -> None:
        probe = path
        while probe and probe not in self.lines:
            probe = probe[:-1]
        line = self.lines.get(probe)
        where = f"{self.source}:{line}" if line else self.source
        rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[2:]).lstrip(".")
        detail = f" (at {rest})" if rest and len(path) >= 2 and isinstance(path[1], int) else ""
        self.problems.append(f"{where}: {self.label(path)}: {message}{detail}")


def validate(data: Any, node: yaml.Node | None, source: str) -> list[str]:
    """Return every problem found in a parsed rule set (empty if it is valid)."""
    r = _Reporter(data, node, source)
    if not isinstance(data, dict):
        r.add((), "a rule set must be a mapping with version, name, boards, topics and rules")
        return r.problems
    for key in data:
        if key not in _TOP:
            r.add((key,), f"unknown top-level key '{key}'")
    for key in ("version", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            r.add((key,), f"'{key}' must be a non-empty string (quote it)")
    boards = _check_items(r, data, "boards", required=("slug", "code", "name"))
    for i, b in _items(data, "boards"):
        if isinstance(b.get("name"), dict) and not isinstance(b["name"].get("sv"), str):
            r.add(("boards", i, "name"), "name needs at least an 'sv' entry")
        elif not isinstance(b.get("name"), dict):
            r.add(("boards", i, "name"), "name must be a mapping of language to text")
    codes = [b.get("code") for _, b in _items(data, "boards")]
    for i, c in enumerate(codes):
        if c is not None and codes.index(c) != i:
            r.add(("boards", i, "code"), f"duplicate board code '{c}'")
    districts = _check_items(r, data, "districts", required=("slug", "name"))
    topics = _check_items(r, data, "topics", required=("slug", "name", "boards"))
    for i, t in _items(data, "topics"):
        if "boards" in t:
            _check_refs(r, ("topics", i, "boards"), t["boards"], boards, "board", nonempty=True)
    _check_refs(r, ("precedence",), data.get("precedence", []), boards, "board")
    _check_settings(r, data.get("settings"), boards)
    settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    if boards and "many_boards_lead" not in settings and "kommunstyrelsen" not in boards:
        r.add(("settings",), "no board 'kommunstyrelsen': set settings.many_boards_lead to the board "
                             "that leads matters spanning many boards")
    _check_terms(r, ("lexicon",), data.get("lexicon", []), allow_empty=True)
    for i, w in enumerate(data.get("lexicon") or []):
        if isinstance(w, str) and len(tokens(normalise(w))) > 1:
            r.add(("lexicon", i), f"lexicon entry '{w}' must be a single word")
    _check_rules(r, data, boards, topics, districts)
    return r.problems


def _items(data: dict, key: str):
    seq = data.get(key)
    if isinstance(seq, list):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


def _check_items(r: _Reporter, data: dict, key: str, required: tuple[str, ...]) -> set[str]:
    seq = data.get(key)
    if seq is None and key != "boards":
        return set()
    if not isinstance(seq, list) or (key == "boards" and not seq):
        r.add((key,), f"'{key}' must be a {'non-empty ' if key == 'boards' else ''}list")
        return set()
    slugs: set[str] = set()
    for i, item in enumerate(seq):
        if not isinstance(item, dict):
            r.add((key, i), "must be a mapping")
            continue
        for field in required:
            if field not in item:
                r.add((key, i), f"missing '{field}'")
        for field in item:
            if field not in required:
                r.add((key, i, field), f"unknown key '{field}'")
        slug = item.get("slug")
        if slug is None:
            continue
        if not isinstance(slug, str) or not _SLUG.match(slug):
            r.add((key, i, "slug"), f"bad slug {slug!r} (lower-case letters, digits, hyphens)")
        elif slug in slugs:
            r.add((key, i, "slug"), f"duplicate slug '{slug}'")
        slugs.add(str(slug))
    return slugs


def _check_refs(r: _Reporter, path: Path, value: Any, known: set[str], kind: str, nonempty: bool = False) -> None:
    if value is None and not nonempty:
        return
    if not isinstance(value, list):
        r.add(path, f"must be a list of {kind}s")
        return
    if nonempty and not value:
        r.add(path, f"needs at least one {kind}")
    seen = set()
    for i, v in enumerate(value):
        if v not in known:
            r.add(path + (i,), f"unknown {kind} {v!r}" if not isinstance(v, str) else f"unknown {kind} '{v}'")
        elif v in seen:
            r.add(path + (i,), f"{kind} '{v}' listed twice")
        seen.add(v)


def _check_terms(r: _Reporter, path: Path, value: Any, allow_empty: bool = False) -> None:
    if not isinstance(value, list) or (not value and not allow_empty):
        r.add(path, "empty term list" if value in ([], None) else "terms must be a list of strings")
        return
    seen: set[tuple[str, ...]] = set()
    for i, t in enumerate(value):
        words = tuple(tokens(normalise(t))) if isinstance(t, str) else ()
        if not words:
            r.add(path + (i,), f"bad term {t!r} (must be a string with at least one word)")
        elif words in seen:
            r.add(path + (i,), f"term '{t}' listed twice")
        seen.add(words)


def _check_settings(r: _Reporter, s: Any, boards: set[str]) -> None:
    if s is None:
        return
    if not isinstance(s, dict):
        r.add(("settings",), "settings must be a mapping")
        return
    for key, value in s.items():
        if key not in _SETTINGS:
            r.add(("settings", key), f"unknown setting '{key}'")
            continue
        typ, what = _SETTINGS[key]
        if isinstance(value, bool) or not isinstance(value, typ):
            r.add(("settings", key), f"'{key}' must be {what}")
        elif key == "city_wide_terms":
            _check_terms(r, ("settings", key), value, allow_empty=True)
        elif key == "many_boards_lead" and value not in boards:
            r.add(("settings", key), f"unknown board '{value}'")
        elif key in ("min_score", "lead_kommunstyrelsen_at", "city_wide_min_boards", "max_term_factor",
                     "list_boards", "strong_score") and value <= 0:
            r.add(("settings", key), f"'{key}' must be positive")
        elif key in ("background_weight", "neutral_weight", "location_weight") and not 0 <= value <= 1:
            r.add(("settings", key), f"'{key}' must be between 0 and 1")


def _check_rules(r: _Reporter, data: dict, boards: set[str], topics: set[str], districts: set[str]) -> None:
    rules = data.get("rules")
    if not isinstance(rules, list):
        r.add(("rules",), "'rules' must be a list")
        return
    ids: dict[str, int] = {}
    for i, rule in enumerate(rules):
        p: Path = ("rules", i)
        if not isinstance(rule, dict):
            r.add(p, "a rule must be a mapping")
            continue
        for key in rule:
            if key not in _RULE_KEYS:
                r.add(p + (key,), f"unknown key '{key}'")
        rid = rule.get("id")
        if not isinstance(rid, str) or not rid.strip():
            r.add(p, "missing or empty 'id'")
        elif rid in ids:
            r.add(p + ("id",), f"duplicate rule id '{rid}' (first at rules[{ids[rid]}])")
        else:
            ids[rid] = i
        if "terms" in rule or not (rule.get("en") or rule.get("ar")):
            _check_terms(r, p + ("terms",), rule.get("terms"))
        for lang in ("en", "ar"):
            if lang in rule:
                _check_terms(r, p + (lang,), rule[lang])
        _check_refs(r, p + ("boards",), rule.get("boards"), boards, "board")
        _check_refs(r, p + ("topics",), rule.get("topics"), topics, "topic")
        if not rule.get("boards") and not rule.get("topics"):
            r.add(p, "a rule needs 'boards' or 'topics' to send to")
        w = rule.get("weight", 1)
        if isinstance(w, bool) or not isinstance(w, (int, float)) or w == 0:
            r.add(p + ("weight",), f"weight must be a non-zero number, not {w!r}")
        when = rule.get("when")
        if when is None:
            continue
        if not isinstance(when, dict):
            r.add(p + ("when",), "'when' must be a mapping")
            continue
        for key, value in when.items():
            cp = p + ("when", key)
            if key not in _CONDITIONS:
                r.add(cp, f"unknown condition '{key}' (use {', '.join(sorted(_CONDITIONS))})")
            elif key == "district":
                _check_refs(r, cp, value, districts, "district", nonempty=True)
            elif key == "topics":
                _check_refs(r, cp, value, topics, "topic", nonempty=True)
            elif key == "scope":
                if value not in _SCOPES:
                    r.add(cp, f"scope must be one of {', '.join(_SCOPES)}, not {value!r}")
            else:
                _check_terms(r, cp, value)
