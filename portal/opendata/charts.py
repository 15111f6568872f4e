"""Accessible bar charts as SVG built on the server: title, description, role="img", no inline styles.

Right-to-left pages get the chart mirrored (labels on the right, bars growing to the left)."""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 640
LABEL = 250
ROW = 26


def bar_chart(chart_id: str, title: str, desc: str, items: list[tuple[str, float, str]], rtl: bool = False) -> Markup:
    """`items` are (label, value, value as text); the bars share one scale."""
    height = max(1, len(items)) * ROW + 10
    top = max((v for _l, v, _t in items), default=0) or 1
    span = WIDTH - LABEL - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" direction="ltr">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(desc)}</desc>']
    for i, (label, value, text) in enumerate(items):
        y = 5 + i * ROW
        w = round(span * value / top, 1)
        if rtl:
            label_x, anchor, bar_x, value_x, value_anchor = WIDTH - LABEL + 10, "start", WIDTH - LABEL - w, \
                WIDTH - LABEL - w - 6, "end"
        else:
            label_x, anchor, bar_x, value_x, value_anchor = LABEL - 10, "end", LABEL, LABEL + w + 6, "start"
        parts.append(f'<g><text x="{label_x}" y="{y + 17}" text-anchor="{anchor}" class="chart-label">'
                     f'{escape(label)}</text>'
                     f'<rect x="{bar_x}" y="{y + 3}" width="{w}" height="{ROW - 8}" class="chart-bar"></rect>'
                     f'<text x="{value_x}" y="{y + 17}" text-anchor="{value_anchor}" class="chart-value">'
                     f'{escape(text)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))  # nosec B704
