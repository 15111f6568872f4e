"""Home, health check, language switcher and the development mailbox."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select, text

from ..extensions import db
from ..outbox.models import OutboxEntry
from ..proposals import queries as pq
from ..urls import safe_next

bp = Blueprint("core", __name__, template_folder="templates")


@bp.route("/")
def home():
    return render_template("core/home.html", newest=pq.newest(), most_supported=pq.most_supported())


@bp.route("/healthz")
def healthz():
    checks, healthy = {}, True
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # report, never raise: this is the health endpoint
        db.session.rollback()
        checks["database"] = f"error: {type(exc).__name__}"
        healthy = False
    else:
        pending = db.session.scalar(select(db.func.count(OutboxEntry.id)).where(OutboxEntry.delivered_at.is_(None)))
        checks["outbox_pending"] = pending
        from ..search.views import search_health
        checks["search"] = search_health()
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return jsonify(body), 200 if healthy else 503


@bp.route("/language/<code>")
def language(code):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    return redirect(safe_next(request.args.get("next"), url_for("core.home")))


@bp.route("/dev/mail")
def mailbox():
    """E-mails the embedded setup would have sent, so registration works on a laptop."""
    if not current_app.config["SHOW_DEV_MAILBOX"]:
        abort(404)
    mails = list(db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "email")
                                    .order_by(OutboxEntry.id.desc()).limit(50)))
    return render_template("core/mailbox.html", mails=mails)
