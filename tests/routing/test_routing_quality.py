"""Routing quality on the project's own labelled set (scored like the shared scorer)."""
import json
from pathlib import Path

from routing import ProposalInput, route

DATA = Path(__file__).parent / "data" / "routing-labelled.jsonl"
BOARDS = {"kommunstyrelsen", "arbetsmarknad-social", "fritid", "funktionsstod", "forskola", "grundskola",
          "gymnasie-vuxenutbildning", "halsa-vard-omsorg", "kultur", "miljo", "service", "stadsbyggnad",
          "tekniska"}


def _rows():
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_labelled_set_is_broad():
    rows = _rows()
    assert len(rows) >= 100 and len({r["id"] for r in rows}) == len(rows)
    assert {b for r in rows for b in r["expected"]} == BOARDS
    assert sum(1 for r in rows if not r["body"]) >= 5                      # title-only
    assert sum(1 for r in rows if len(r["expected"]) > 1) >= 10            # joint cases


def test_f1_on_labelled_set(malmo):
    tp = fp = fn = 0
    misses = []
    for r in _rows():
        d = route(ProposalInput(r["id"], r["title"], r["body"], r["district"]), malmo)
        pred, exp, acc = set(d.boards), set(r["expected"]), set(r["acceptable"])
        tp += len(pred & exp)
        fn += len(exp - pred)
        fp += len(pred - exp - acc)
        if not exp <= pred <= exp | acc:
            misses.append((r["id"], sorted(exp), sorted(pred)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= 0.9, (f1, misses)
