"""A few seconds of page cache for anonymous readers of public pages.

Public pages look the same to every anonymous reader in one language, so a busy page is
rendered once per few seconds and per worker instead of once per request. Each hit gets a
fresh CSP nonce. Whole pages are never cached for logged-in users, for responses that touch the
session (a CSRF token, a flash message) or for anything but 200 responses to GET.

`SharedContent` shares less: the blocks of a page that are the same for everybody (its title,
head and content) on pages whose content names nobody (SHARED_CONTENT_ENDPOINTS). A logged-in
reader gets them inside a layout rendered for them: their menu, name, CSRF token, flash messages
and a fresh nonce stay their own.
"""
from __future__ import annotations

import time
from collections import OrderedDict

from flask import Flask, g, has_request_context, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from jinja2 import Template
from markupsafe import Markup

from .security import csp_nonce

MAX_ENTRIES = 2000
# What a hit answers with besides the body: the API's public reads set their validators and caching.
KEPT_HEADERS = ("content-type", "content-language", "etag", "last-modified", "cache-control", "vary")


class PageCache:
    def __init__(self, app: Flask):
        self.app = app
        self.entries: OrderedDict[tuple, tuple[float, bytes, str, dict]] = OrderedDict()
        app.before_request(self.before)
        app.after_request(self.after)

    def _eligible(self) -> bool:
        ttl = self.app.config.get("PAGE_CACHE_SECONDS", 0)
        return bool(ttl) and request.method == "GET" and request.endpoint in self.app.config["PAGE_CACHE_ENDPOINTS"] \
            and not current_user.is_authenticated and "_flashes" not in session

    def _key(self) -> tuple:
        return (str(get_locale()), request.full_path)

    def before(self):
        g.pop("page_cache_hit", None)
        if not self._eligible():
            return None
        hit = self.entries.get(self._key())
        if hit is None or hit[0] < time.monotonic():
            return None
        _, body, old_nonce, headers = hit
        new_nonce = csp_nonce()  # set by the security hook that ran before this one
        response = self.app.response_class(body.replace(old_nonce.encode(), new_nonce.encode()), status=200,
                                           headers=headers)
        g.page_cache_hit = True
        return response.make_conditional(request) if "ETag" in headers else response

    def after(self, response):
        if g.get("page_cache_hit") or response.status_code != 200 or response.direct_passthrough:
            return response
        if not self._eligible() or session.modified or "csrf_token" in session or "csp_nonce" not in g:
            return response
        headers = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
        self.entries[self._key()] = (time.monotonic() + self.app.config["PAGE_CACHE_SECONDS"], response.get_data(),
                                     g.csp_nonce, headers)
        self.entries.move_to_end(self._key())
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)
        return response


SHARED_BLOCKS = ("title", "head", "content")


def _recorder(block, name: str, store: dict):
    """A block's render function that also keeps what it wrote."""
    def record(context):
        parts = []
        for chunk in block(context):
            parts.append(chunk)
            yield chunk
        store[name] = "".join(parts)
    return record


class SharingTemplate(Template):
    """Renders as usual; when the request asks for it (g.shared_recording), the page's shared
    blocks are kept as they are written: sharing them costs no second rendering."""

    def render(self, *args, **kwargs):
        store = g.get("shared_recording") if has_request_context() else None
        if store is None or store.get("done"):
            return super().render(*args, **kwargs)
        store["done"] = True  # the page itself, not a template it renders on the side
        ctx = self.new_context(dict(*args, **kwargs))
        for name in SHARED_BLOCKS:
            if name in ctx.blocks:  # the page's own block (its layouts' come later, behind it)
                ctx.blocks[name][0] = _recorder(ctx.blocks[name][0], name, store)
        try:
            html = self.environment.concat(self.root_render_func(ctx))
        except Exception:
            self.environment.handle_exception()
        for name in SHARED_BLOCKS:
            if name not in store:
                if len(ctx.blocks.get(name, ())) == 1:
                    store[name] = ""  # only the base layout has it, and it is empty there
                else:
                    store["incomplete"] = True  # a layout in between defines it: not recorded
        return html


class SharedContent:
    """The shared blocks of public pages, for logged-in readers (kept from anyone's render)."""

    def __init__(self, app: Flask):
        self.app = app
        self.entries: OrderedDict[tuple, tuple[float, dict[str, str], str]] = OrderedDict()
        app.jinja_env.template_class = SharingTemplate
        app.before_request(self.before)
        app.after_request(self.after)

    def _eligible(self) -> bool:
        return bool(self.app.config.get("PAGE_CACHE_SECONDS", 0)) and request.method == "GET" \
            and request.endpoint in self.app.config["SHARED_CONTENT_ENDPOINTS"]

    def _key(self) -> tuple:
        return (str(get_locale()), request.full_path)

    def before(self):
        g.pop("shared_recording", None)
        if not self._eligible():
            return None
        hit = self.entries.get(self._key())
        if hit is None or hit[0] < time.monotonic():
            g.shared_recording = {}
            return None
        if not current_user.is_authenticated:
            return None  # anonymous readers have the whole-page cache
        _, blocks, old_nonce = hit
        nonce = csp_nonce()
        # the blocks are this server's own rendering of the page (already escaped), kept as text
        shared = {name: Markup(html.replace(old_nonce, nonce))  # nosec B704
                  for name, html in blocks.items()}
        return render_template("shared_page.html", shared=shared)

    def after(self, response):
        store = g.pop("shared_recording", None)
        if not store or response.status_code != 200 or store.get("incomplete") or "csp_nonce" not in g:
            return response
        blocks = {name: store[name] for name in SHARED_BLOCKS}
        if "csrf_token" in "".join(blocks.values()):
            return response  # a form with a token is personal
        self.entries[self._key()] = (time.monotonic() + self.app.config["PAGE_CACHE_SECONDS"], blocks,
                                     g.csp_nonce)
        self.entries.move_to_end(self._key())
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)
        return response
