"""gunicorn settings for the portal (read automatically from the working directory)."""
from gunicorn.http import wsgi

bind = "0.0.0.0:8000"
workers = 4
# Workers recycle now and then, so a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
timeout = 30
forwarded_allow_ips = "*"


class _Response(wsgi.Response):
    """No `Server:` banner: what runs the site is nobody's business."""

    def default_headers(self):
        return [h for h in super().default_headers() if not h.lower().startswith("server:")]


wsgi.Response = _Response
