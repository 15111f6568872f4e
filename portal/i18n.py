"""Language choice and locale-aware formatting."""
from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user
from markupsafe import Markup

RTL = {"ar"}


def select_locale() -> str:
    """The account's language, else the switcher's choice, else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def detect_text_language(text: str) -> str:
    """The language a resident wrote in: Arabic by its script, else Swedish or English by their
    common words (the router's guess). Screen readers then pronounce it right (WCAG 3.1.2)."""
    from routing.normalise import detect_language, normalise, tokens
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
    if letters and arabic / len(letters) > 0.3:
        return "ar"
    return detect_language(tokens(normalise(text)), "sv")


def text_direction() -> str:
    return "rtl" if str(get_locale()) in RTL else "ltr"


def _escape_lazy_strings() -> None:
    """Flask-Babel's lazy strings declare themselves safe HTML (`__html__` returns the text as is),
    so a lazy message that carries user input, e.g. _l("Unknown sort “%(sort)s”", sort=...),
    would reach the page unescaped. Here they are escaped like every other string."""
    from flask_babel.speaklater import LazyString
    from markupsafe import escape

    LazyString.__html__ = lambda self: str(escape(str(self)))


# One format per kind, in the reader's locale and the city's time zone (Europe/Stockholm):
# a day is "4 december 2026" / "December 4, 2026" / "4 ديسمبر 2026"; a moment adds the time
# without seconds ("18:00"). Babel's named widths ("short", "medium", "long") all give the day's
# one format; explicit patterns ("MMMM y", "d MMM", "EEEE") are other kinds (calendar headings).
_WIDTHS = {"short", "medium", "long", "full"}


def format_day(d, fmt: str = "long") -> str:
    """A date (or the date of a moment) in the reader's one date format."""
    if not d:
        return ""
    return format_date(d, "long" if fmt in _WIDTHS else fmt)


def format_moment(d, fmt: str = "long") -> str:
    """A moment: the day as format_day gives it and the time in hours and minutes."""
    if not d:
        return ""
    if fmt not in _WIDTHS:
        return format_datetime(d, fmt)
    from babel.dates import get_datetime_format
    from flask_babel import format_time
    pattern = get_datetime_format("long", locale=get_locale())
    return pattern.replace("{1}", format_date(d, "long")).replace("{0}", format_time(d, "short"))


def _isolate_ltr(value) -> Markup:
    """`TN-2026-00005` as one left-to-right island inside right-to-left text (not "-TN / 2026-00005")."""
    if value is None or value == "":
        return Markup("")
    return Markup('<bdi dir="ltr">%s</bdi>') % value


def register_template_helpers(app) -> None:
    _escape_lazy_strings()
    from .urls import external_url

    app.jinja_env.globals.update(text_direction=text_direction, get_locale=get_locale, external_url=external_url)
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["number"] = lambda n: format_decimal(n or 0)
    from .markdown import fit_headings
    # User content's headings continue the page outline: `html|outline(3)` under an h2.
    app.jinja_env.filters["outline"] = fit_headings
    # Case references, minute references and other left-to-right tokens keep their order in Arabic.
    app.jinja_env.filters["ltr"] = _isolate_ltr
    # Machine-readable times for <time datetime>: whole seconds, as HTML allows.
    app.jinja_env.filters["isotime"] = lambda d: d.isoformat(timespec="seconds") if d else ""
