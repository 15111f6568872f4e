"""Routing on proposals written in the style of real ones (council minutes, e-förslag, Malmöinitiativet).

``realstyle.jsonl`` is the development set: 380 proposals modelled on real ones, each with the address
of the source it was modelled on (see ``data/REALSTYLE.md``). ``realstyle-holdout.jsonl`` is a
second set of 120, written later from other sources (development data since its errors were read);
``realstyle-holdout3.jsonl`` is the held-out set: 150 proposals written by someone who never saw the
router, scored once and never tuned against. Their figures here are floors against regressions.
"""
import json
from collections import Counter
from pathlib import Path

import pytest

from routing import ProposalInput, route

DATA = Path(__file__).parent / "data"
BOARDS = {"kommunstyrelsen", "arbetsmarknad-social", "fritid", "funktionsstod", "forskola", "grundskola",
          "gymnasie-vuxenutbildning", "halsa-vard-omsorg", "kultur", "miljo", "service", "stadsbyggnad",
          "tekniska"}


def rows(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def score(rs, items):
    """F1 and set accuracy, counted as ../shared/eval/score_routing.py counts them."""
    tp = fp = fn = exact = 0
    misses = []
    for r in items:
        d = route(ProposalInput(r["id"], r["title"], r["body"], r.get("district")), rs)
        pred, exp, acc = set(d.boards), set(r["expected"]), set(r["acceptable"])
        tp += len(pred & exp)
        fn += len(exp - pred)
        fp += len(pred - exp - acc)
        if exp <= pred <= exp | acc:
            exact += 1
        else:
            misses.append((r["id"], sorted(exp), sorted(pred)))
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * rc / (p + rc) if p + rc else 0.0), exact / len(items), misses


@pytest.mark.parametrize("name, least, joint", [("realstyle.jsonl", 150, 6), ("realstyle-holdout.jsonl", 100, 6),
                                                ("realstyle-holdout3.jsonl", 150, 10)])
def test_set_is_broad_and_sourced(name, least, joint):
    items = rows(name)
    assert len(items) >= least and len({r["id"] for r in items}) == len(items)
    langs = Counter(r["lang"] for r in items)
    assert langs["ar"] >= 30 and langs["en"] >= 15 and langs["sv"] >= 75
    styles = Counter(r["style"] for r in items)
    assert {"clerk", "title", "story", "typo"} <= set(styles)
    per_board = Counter(b for r in items for b in r["expected"])
    assert set(per_board) == BOARDS and min(per_board.values()) >= 8, per_board
    assert sum(1 for r in items if len(r["expected"]) > 1) >= len(items) // joint  # joint matters
    assert all(r["source"].startswith("http") for r in items)
    assert all(not (set(r["expected"]) & set(r["acceptable"])) for r in items)
    typo = [r for r in items if r["style"] == "typo" and r["lang"] == "sv"]
    assert typo and not any(c in (r["title"] + r["body"]) for r in typo for c in "åäöÅÄÖ")


def test_f1_on_the_development_set(malmo):
    f1, accuracy, misses = score(malmo, rows("realstyle.jsonl"))
    assert f1 >= 0.90, (f1, accuracy, misses)


@pytest.mark.parametrize("slice_, key, value, least", [
    ("Arabic", "lang", "ar", 0.85),
    ("English", "lang", "en", 0.85),
    ("typed without å/ä/ö", "style", "typo", 0.85),
    ("long stories with incidental mentions", "style", "story", 0.85),
    ("title only", "style", "title", 0.85),
    ("clerks' one-liners", "style", "clerk", 0.85),
])
def test_f1_per_kind_on_the_development_set(malmo, slice_, key, value, least):
    items = [r for r in rows("realstyle.jsonl") if r[key] == value]
    f1, _, misses = score(malmo, items)
    assert f1 >= least, (slice_, f1, misses)


def test_second_set_does_not_regress(malmo):
    # 0.76 when first scored untouched (the router before this work: 0.64); 0.80 after its errors were read.
    f1, _, misses = score(malmo, rows("realstyle-holdout.jsonl"))
    assert f1 >= 0.78, (f1, misses)


def test_held_out_set_does_not_regress(malmo):
    # Scored once, never tuned against: F1 0.86, set accuracy 0.75.
    f1, accuracy, misses = score(malmo, rows("realstyle-holdout3.jsonl"))
    assert f1 >= 0.84 and accuracy >= 0.70, (f1, accuracy, misses)
