"""The statistics pages' charts: each with a title, an SVG, its data table and the same rows for CSV."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from . import statistics as st
from .charts import bar_chart

PUBLIC = ("per_board", "per_topic", "per_district", "several", "lead_times", "dialogues", "participation",
          "follow_up")
COORDINATORS = PUBLIC + ("on_time", "overdue")


@dataclass
class Chart:
    key: str
    title: str
    desc: str
    svg: object
    headers: list[tuple[str, str]]  # (column key, heading)
    rows: list[dict]


def _n(v) -> str:
    return "–" if v is None else format_decimal(v)


def _series_chart(key, title, series: st.Series, rtl) -> Chart:
    rows = [r for r in series.rows() if r["total"]] or series.rows()[:0]
    items = [(r["name"], r["total"], _n(r["total"])) for r in rows]
    desc = _("Number of public proposals in the last %(n)s months; the table shows each month.", n=len(series.months))
    headers = [("name", _("Name"))] + [(m, m) for m in series.months] + [("total", _("Total"))]
    return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl), headers, rows)


def _follow_up(key: str, rtl: bool) -> Chart:
    from ..handling.followup import overview
    rows = [{"name": r.board.name if r.board else _("No lead board"), "granted": r.granted, "done": r.done,
             "in_progress": r.in_progress, "stopped": r.stopped, "overdue": len(r.overdue),
             "missing": len(r.missing)} for r in overview()]
    title = _("Follow-up of granted proposals")
    desc = _("Granted proposals per leading board; the bars show those whose follow-up is overdue or missing.")
    items = [(x["name"], x["overdue"] + x["missing"], _n(x["overdue"] + x["missing"])) for x in rows]
    headers = [("name", _("Board")), ("granted", _("Granted")), ("done", _("Done")), ("in_progress", _("In progress")),
               ("stopped", _("Stopped")), ("overdue", _("Overdue")), ("missing", _("Missing"))]
    return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl), headers, rows)


def build(key: str, rtl: bool) -> Chart:
    """One chart by its key (see PUBLIC and COORDINATORS)."""
    if key == "follow_up":
        return _follow_up(key, rtl)
    if key == "per_board":
        return _series_chart(key, _("Proposals per board"), st.proposals_per_board(), rtl)
    if key == "per_topic":
        return _series_chart(key, _("Proposals per topic"), st.proposals_per_topic(), rtl)
    if key == "per_district":
        return _series_chart(key, _("Proposals per district"), st.proposals_per_district(), rtl)
    if key == "several":
        r = st.routed_to_several()
        one = r["cases"] - r["several"]
        title = _("Proposals handled by several boards")
        desc = _("%(several)s of %(cases)s cases (%(share)s) were sent to more than one board.",
                 several=_n(r["several"]), cases=_n(r["cases"]), share=format_percent(r["share"]))
        rows = [{"name": _("One board"), "cases": one}, {"name": _("Several boards"), "cases": r["several"]}]
        items = [(x["name"], x["cases"], _n(x["cases"])) for x in rows]
        return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl),
                     [("name", _("Handled by")), ("cases", _("Cases"))], rows)
    if key == "lead_times":
        rows = [r for r in st.lead_times() if r["cases"]]
        title = _("Lead times per board (days)")
        desc = _("Median number of days from handling to answer, per leading board. The table also shows "
                 "the time from submission to handling and the 90th percentiles.")
        items = [(r["name"], r["to_answer_median"] or 0, _n(r["to_answer_median"])) for r in rows]
        headers = [("name", _("Board")), ("cases", _("Cases")), ("answered", _("Answered")),
                   ("to_handling_median", _("Submission to handling, median")),
                   ("to_handling_p90", _("Submission to handling, 90th percentile")),
                   ("to_answer_median", _("Handling to answer, median")),
                   ("to_answer_p90", _("Handling to answer, 90th percentile"))]
        return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl), headers, rows)
    if key == "dialogues":
        levels, rows = st.dialogues_per_district_and_level()
        rows = [r for r in rows if r["total"]]
        from ..dialogues.models import Level
        title = _("Dialogues per district and level")
        desc = _("Number of dialogues per district; the table shows each level of participation.")
        items = [(r["name"], r["total"], _n(r["total"])) for r in rows]
        headers = [("name", _("District"))] + [(lv, Level(lv).label) for lv in levels] + [("total", _("Total"))]
        return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl), headers, rows)
    if key == "participation":
        p = st.participation()
        rows = [{"name": _("Residents who took part"), "count": p["residents"]},
                {"name": _("Public proposals"), "count": p["proposals"]},
                {"name": _("Supports"), "count": p["supports"]},
                {"name": _("Published contributions to dialogues"), "count": p["contributions"]}]
        title = _("Participation")
        desc = _("%(n)s residents wrote, supported or contributed.", n=_n(p["residents"]))
        items = [(r["name"], r["count"], _n(r["count"])) for r in rows]
        return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl),
                     [("name", _("What")), ("count", _("Number"))], rows)
    if key == "on_time":
        rows = [r for r in st.statements_on_time() if r["sent"]]
        title = _("Statements delivered on time")
        desc = _("Statements sent by consulted boards, and how many arrived by the deadline.")
        items = [(r["name"], r["on_time"] / r["sent"], format_percent(r["on_time"] / r["sent"])) for r in rows]
        return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl),
                     [("name", _("Board")), ("sent", _("Sent")), ("on_time", _("On time"))], rows)
    if key == "overdue":
        rows = [r for r in st.overdue_cases() if r["overdue"]]
        title = _("Overdue cases per leading board")
        desc = _("Open cases past their due date.")
        items = [(r["name"], r["overdue"], _n(r["overdue"])) for r in rows]
        return Chart(key, title, desc, bar_chart(key, title, desc, items, rtl),
                     [("name", _("Board")), ("overdue", _("Overdue"))], rows)
    raise KeyError(key)
