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

from flask import Flask, before_render_template, g, has_request_context, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
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


class SharedContent:
    """The shared blocks of public pages, for logged-in readers (and kept from anyone's render)."""

    def __init__(self, app: Flask):
        self.app = app
        self.entries: OrderedDict[tuple, tuple[float, dict[str, str], str]] = OrderedDict()
        app.before_request(self.before)
        app.after_request(self.after)
        before_render_template.connect(self.capture, app)

    def _eligible(self) -> bool:
        return bool(self.app.config.get("PAGE_CACHE_SECONDS", 0)) and request.method == "GET" \
            and request.endpoint in self.app.config["SHARED_CONTENT_ENDPOINTS"]

    def _key(self) -> tuple:
        return (str(get_locale()), request.full_path)

    def before(self):
        g.pop("shared_blocks", None)
        if not self._eligible() or not current_user.is_authenticated:
            return None  # anonymous readers have the whole-page cache
        hit = self.entries.get(self._key())
        if hit is None or hit[0] < time.monotonic():
            return None
        _, blocks, old_nonce = hit
        nonce = csp_nonce()
        shared = {name: Markup(html.replace(old_nonce, nonce)) for name, html in blocks.items()}
        return render_template("shared_page.html", shared=shared)

    def capture(self, sender, template, context, **_extra):
        """Keep the shared blocks of the page being rendered (stored after a 200, in `after`)."""
        if not has_request_context() or template.name == "shared_page.html" or not self._eligible() \
                or "csp_nonce" not in g:
            return
        if "_flashes" in session:
            return
        ctx = template.new_context(dict(context))
        # Start the page's root only to its first output: by then its top level has run (macro
        # imports, `set`s) and every layout's blocks are registered in ctx.blocks, most derived first.
        root = template.root_render_func(ctx)
        next(root, None)
        root.close()
        g.shared_blocks = {name: "".join(ctx.blocks[name][0](ctx)) if ctx.blocks.get(name) else ""
                           for name in SHARED_BLOCKS}

    def after(self, response):
        blocks = g.pop("shared_blocks", None)
        if blocks is None or response.status_code != 200 or "csrf_token" in "".join(blocks.values()):
            return response
        self.entries[self._key()] = (time.monotonic() + self.app.config["PAGE_CACHE_SECONDS"], blocks,
                                     g.csp_nonce)
        self.entries.move_to_end(self._key())
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)
        return response
