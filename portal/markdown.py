"""Markdown to safe HTML: markdown-it-py without raw HTML, then nh3 as the last word."""
from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable("image")

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
                "h3", "h4", "h5", "h6", "a", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    """Render resident-written Markdown; scripts, handlers and javascript: links never survive."""
    html = _md.render(text or "")
    # Headings a resident writes sit below the page's own h1/h2.
    for level, to in (("h1", "h3"), ("h2", "h4")):
        html = html.replace(f"<{level}>", f"<{to}>").replace(f"</{level}>", f"</{to}>")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener ugc")
