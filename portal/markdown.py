"""Markdown to safe HTML: markdown-it-py without raw HTML, then nh3 as the last word."""
from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable("image")

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
                "h3", "h4", "h5", "h6", "a", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    """Render resident-written Markdown; scripts, handlers and javascript: links never survive."""
    html = _md.render(text or "")
    # Headings a resident writes sit below the page's own h1/h2, in the order they were written;
    # pages fit them into their outline when they show them (fit_headings).
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 2)}>", html)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener ugc")


_HEADING = re.compile(r"<(/?)h([1-6])>")


def fit_headings(html: str, top: int) -> Markup:
    """Renumber the headings of rendered user content so they continue the page's outline:
    the first heading becomes `top`; a deeper one goes one level below its parent, never more;
    a shallower one goes back to its parent's level (at most h6). Only for HTML that
    render_markdown produced (its headings carry no attributes)."""
    stack: list[tuple[int, int]] = []  # (level as written, level shown) of the open sections
    current = [top]

    def renumber(m: re.Match) -> str:
        if m.group(1):  # a closing tag closes the heading just opened
            return f"</h{current[0]}>"
        written = int(m.group(2))
        while stack and stack[-1][0] >= written:
            stack.pop()
        current[0] = min(6, stack[-1][1] + 1) if stack else top
        stack.append((written, current[0]))
        return f"<h{current[0]}>"
    return Markup(_HEADING.sub(renumber, html or ""))  # nosec B704 - sanitised by render_markdown
