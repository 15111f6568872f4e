"""The OpenAPI 3.1 document, generated from the API's routes and their marshmallow schemas."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from .schemas import Problem

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL


def endpoint(*, summary: str, query=None, response=None, tag: str = "read", etag: bool = False,
             not_found: bool = False, method: str = "get", body=None, scope: str | None = None,
             status: int = 200):
    """Describe a view for the OpenAPI document; `query` and `body` are also what the view validates against."""
    def wrap(view):
        view.api_doc = {"summary": summary, "query": query, "response": response, "tag": tag, "etag": etag,
                        "not_found": not_found, "method": method, "body": body, "scope": scope,
                        "status": status}
        return view
    return wrap


def _problem_response(description: str) -> dict:
    return {"description": description, "content": {"application/problem+json": {"schema": "Problem"}}}


def build_spec(app: Flask) -> dict:
    """Walk the app's API routes and describe each one; nothing here is written by hand per route."""
    spec = APISpec(title="Dialogportal API", version="1.0.0", openapi_version="3.1.0",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "Public data of Malmö stad's participation portal: proposals, "
                                        "how they are routed and answered, dialogues, boards, districts "
                                        "and topics. Open data under CC BY 4.0.",
                         "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"}})
    spec.components.schema("Problem", schema=Problem)
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer",
                                              "description": "A personal API token from the account page"})
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        doc = getattr(view, "api_doc", None)
        if doc is None:
            continue
        path = _PARAM.sub(r"{\2}", rule.rule)
        params = [{"in": "path", "name": name, "required": True,
                   "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID} if conv == "int" else {"type": "string"}}
                  for conv, name in _PARAM.findall(rule.rule)]
        if doc["query"] is not None:
            params.append({"in": "query", "schema": doc["query"]})
        ok = str(doc["status"])
        responses = {ok: {"description": "OK", "content": {"application/json": {"schema": doc["response"]}}},
                     "400": _problem_response("Bad request: an unknown or invalid parameter"),
                     "429": _problem_response("Too many requests")}
        operation = {}
        if doc["scope"]:
            operation["security"] = [{"token": []}]
            operation["description"] = f"Needs a token with the scope {doc['scope']}."
            responses["401"] = _problem_response("No valid token")
            responses["403"] = _problem_response("The token lacks the scope, or the rules refuse the action")
            responses["409"] = _problem_response("Not possible in the current state")
        if doc["body"] is not None:
            operation["requestBody"] = {"required": True,
                                        "content": {"application/json": {"schema": doc["body"]}}}
            responses["422"] = _problem_response("The data sent breaks a rule of the form")
        if doc["etag"]:
            responses[ok]["headers"] = {"ETag": {"schema": {"type": "string"}},
                                           "Last-Modified": {"schema": {"type": "string"}},
                                           "Cache-Control": {"schema": {"type": "string"}, "description":
                                                             "public, max-age=N: may be kept N seconds, "
                                                             "then revalidated with If-None-Match"}}
            responses["304"] = {"description": "Not modified"}
            params += [{"in": "header", "name": "If-None-Match", "required": False, "schema": {"type": "string"}}]
        if doc["not_found"] or params and any(p["in"] == "path" for p in params):
            responses["404"] = _problem_response("Not found")
        paths.setdefault(path, {})[doc["method"]] = {
            "summary": doc["summary"], "tags": [doc["tag"]], "operationId": rule.endpoint.replace(".", "_"),
            "parameters": params, "responses": responses, **operation}
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()
