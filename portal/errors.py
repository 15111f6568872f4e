"""Domain errors and their mapping to responses, in one place."""
from __future__ import annotations

from flask import Flask, current_app, g, jsonify, make_response, render_template, request, session
from flask_babel import force_locale, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db, login_manager


class DomainError(Exception):
    """An action refused by the rules of the domain; the message is shown to the user."""

    status = 409

    def __init__(self, message=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message

    default_message = _l("That action is not allowed.")


class IllegalTransition(DomainError):
    """A state change the lifecycle does not allow."""

    default_message = _l("That change of status is not allowed.")


class PermissionDenied(DomainError):
    status = 403
    default_message = _l("You do not have permission to do that.")


class NotConfirmed(DomainError):
    status = 403
    default_message = _l("Confirm your e-mail address first.")


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _render(status: int, title, message):
    if request.path.startswith("/api/"):
        from .api.problems import problem_for_status
        return problem_for_status(status, message), status
    if _wants_json():
        return jsonify({"status": status, "title": str(title), "detail": str(message)}), status
    return render_template("error.html", status=status, title=title, message=message), status


def _locale_without_database() -> str:
    """The reader's language as `select_locale` would choose it, from what is already in memory.

    The account's language is read from the loaded row (before a rollback expires it); when the
    account could not be loaded, the language stored in the session at login or by the switcher."""
    from sqlalchemy import inspect

    from .accounts.models import User

    languages = current_app.config["LANGUAGES"]
    user = g.get("_login_user")
    if isinstance(user, User):
        loaded = inspect(user).dict.get("locale")
        if loaded in languages:
            return loaded
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(e):
        db.session.rollback()
        return _render(400, _l("The form had expired"),
                       _l("For your security the form is only valid for a while. Nothing was "
                          "saved. Go back, reload the page and send the form again."))

    @app.errorhandler(DomainError)
    def domain_error(e):
        db.session.rollback()
        return _render(e.status, _l("Not possible"), e.message)

    @app.errorhandler(HTTPException)
    def http_error(e):
        titles = {
            400: _l("Bad request"), 403: _l("Not allowed"), 404: _l("Page not found"),
            405: _l("Method not allowed"), 413: _l("Too large"),
            429: _l("Too many requests"),
        }
        messages = {
            404: _l("We could not find that page. It may have been moved or removed."),
            403: _l("You do not have permission to see this page."),
            429: _l("You have made too many requests. Wait a moment and try again."),
        }
        code = e.code or 500
        resp = _render(code, titles.get(code, e.name), messages.get(code, e.description))
        if code == 429 and e.response is not None and "Retry-After" in e.response.headers:
            body, status = resp
            from flask import make_response
            r = make_response(body, status)
            r.headers["Retry-After"] = e.response.headers["Retry-After"]
            return r
        return resp

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(e):
        """The database went away (a restart, a failover) or stayed locked: a 503 the client may retry."""
        app.logger.warning("database unavailable: %s", str(e).splitlines()[0][:200])
        locale = _locale_without_database()
        try:
            db.session.rollback()
        except Exception:  # nosec B110: the rollback needs the database that just went away
            pass
        if g.get("_login_user") is None:
            # The account could not be loaded (that was the failing query): the page is rendered
            # for an anonymous reader, so nothing asks the database for the account again.
            g._login_user = login_manager.anonymous_user()
        title = _l("Something went wrong")
        message = _l("An error occurred on our side. Nothing you sent was half-saved. Try again in a moment.")
        with force_locale(locale):
            if _wants_json():
                body, status = _render(503, title, message)
            else:  # not error.html: its layout asks about the account, which needs the database
                body, status = render_template("unavailable.html", title=title, message=message), 503
        response = make_response(body, status)
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(500)
    def server_error(e):
        db.session.rollback()
        return _render(500, _l("Something went wrong"),
                       _l("An error occurred on our side. Nothing you sent was half-saved. "
                          "Try again in a moment."))
