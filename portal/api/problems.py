"""Errors as RFC 9457 `application/problem+json`, with stable types and titles in the reader's language."""
from __future__ import annotations

from flask import jsonify
from flask_babel import lazy_gettext as _l

# Stable problem types: the slug never changes, the title is translated.
TYPES = {
    "invalid-parameters": (400, _l("Invalid or unknown parameters")),
    "bad-request": (400, _l("Bad request")),
    "unauthorised": (401, _l("A valid API token is needed")),
    "forbidden": (403, _l("Not allowed")),
    "not-found": (404, _l("Not found")),
    "method-not-allowed": (405, _l("Method not allowed")),
    "not-possible": (409, _l("Not possible")),
    "invalid-body": (422, _l("The data sent is not valid")),
    "too-many-requests": (429, _l("Too many requests")),
    "server-error": (500, _l("Something went wrong")),
    "unavailable": (503, _l("Search unavailable")),
}
BY_STATUS = {status: slug for slug, (status, _t) in reversed(list(TYPES.items()))}


def type_uri(slug: str) -> str:
    return f"/api/v1/docs#problem-{slug}"


def problem(slug: str, detail, invalid_params: list[dict] | None = None, status: int | None = None):
    """A problem response; `invalid_params` names each offending field and why."""
    code, title = TYPES[slug]
    body = {"type": type_uri(slug), "title": str(title), "status": status or code, "detail": str(detail)}
    if invalid_params:
        body["invalid-params"] = invalid_params
    resp = jsonify(body)
    resp.status_code = status or code
    resp.mimetype = "application/problem+json"
    return resp


def problem_for_status(status: int, detail):
    return problem(BY_STATUS.get(status, "bad-request" if status < 500 else "server-error"), detail, status=status)


def invalid(messages: dict) -> list[dict]:
    """marshmallow's {field: [reasons]} as a flat list of {name, reason}."""
    out = []
    for name, reasons in sorted(messages.items()):
        if isinstance(reasons, dict):
            reasons = [r for rs in reasons.values() for r in (rs if isinstance(rs, list) else [rs])]
        for reason in reasons if isinstance(reasons, list) else [reasons]:
            out.append({"name": name, "reason": str(reason)})
    return out
