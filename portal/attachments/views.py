"""Attachment pages: the author's page to attach files and links; serving files safely."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..admin.settings import get_setting
from ..errors import DomainError
from ..extensions import db, limiter
from ..proposals.forms import EmptyForm
from ..proposals.models import Proposal
from . import operations as ops
from . import queries as q
from .forms import FileForm, LinkForm
from .models import Attachment
from .processing import EXTENSIONS, PDF
from .storage import NotFound, storage

bp = Blueprint("attachments", __name__, template_folder="templates")
# Served files run nothing and embed nothing, even if a browser were to render one as a page.
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _editable(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.can_view(current_user):
        abort(404)
    if not proposal.can_edit(current_user):
        abort(403)
    return proposal


def _page(proposal, file_form=None, link_form=None, status=200):
    return render_template("attachments/manage.html", proposal=proposal, attachments=q.of(proposal.id),
                           file_form=file_form or FileForm(prefix="f"), link_form=link_form or LinkForm(prefix="l"),
                           remove_form=EmptyForm(), max_mb=ops.max_bytes() // (1024 * 1024),
                           max_files=int(get_setting("attachments_max_files"))), status


@bp.route("/proposals/<int:proposal_id>/attachments")
@login_required
def manage(proposal_id):
    return _page(_editable(proposal_id))


@bp.route("/proposals/<int:proposal_id>/attachments/files", methods=["POST"])
@login_required
@limiter.limit("30/hour")
def add_file(proposal_id):
    request.max_content_length = ops.max_bytes() + 256 * 1024  # the file plus the form around it
    proposal = _editable(proposal_id)
    form = FileForm(prefix="f")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            ops.add_file(proposal, current_user, getattr(upload, "filename", None),
                         upload.read() if upload else b"", form.alt_text.data or "")
        except DomainError as exc:
            db.session.rollback()
            form.file.errors = [str(exc.message)]
            return _page(proposal, file_form=form, status=400)
        db.session.commit()
        flash(_("The file is attached."), "success")
        return redirect(url_for("attachments.manage", proposal_id=proposal.id))
    return _page(proposal, file_form=form, status=400)


@bp.route("/proposals/<int:proposal_id>/attachments/links", methods=["POST"])
@login_required
def add_link(proposal_id):
    proposal = _editable(proposal_id)
    form = LinkForm(prefix="l")
    if form.validate_on_submit():
        try:
            ops.add_link(proposal, current_user, form.url.data, form.title.data or "")
        except DomainError as exc:
            db.session.rollback()
            form.url.errors = [str(exc.message)]
            return _page(proposal, link_form=form, status=400)
        db.session.commit()
        flash(_("The link is added."), "success")
        return redirect(url_for("attachments.manage", proposal_id=proposal.id))
    return _page(proposal, link_form=form, status=400)


@bp.route("/attachments/<int:attachment_id>/remove", methods=["POST"])
@login_required
def remove(attachment_id):
    a = db.session.get(Attachment, attachment_id) or abort(404)
    if EmptyForm().validate_on_submit():
        ops.remove(a, current_user)
        db.session.commit()
        flash(_("The attachment is removed."), "success")
    return redirect(url_for("attachments.manage", proposal_id=a.proposal_id))


def _served(attachment_id: int) -> Attachment:
    """The file if this reader may see the proposal's content; a hidden proposal's files are 404."""
    a = db.session.get(Attachment, attachment_id)
    if a is None or a.key is None:
        abort(404)
    p = a.proposal
    if not p.can_view(current_user) or not p.shows_content_to(current_user):
        abort(404)
    return a


def _file_response(data: bytes, content_type: str, download_name: str | None = None) -> Response:
    resp = Response(data, mimetype=content_type)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Content-Security-Policy"] = SANDBOX_CSP
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if download_name:
        resp.headers["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return resp


@bp.route("/attachments/<int:attachment_id>")
def file(attachment_id):
    a = _served(attachment_id)
    try:
        data = storage().get(a.key)
    except NotFound:
        abort(404)
    # Never the resident's file name in a header: a made-up name with the checked type's extension.
    download = f"attachment-{a.id}.{EXTENSIONS[a.content_type]}" if a.content_type == PDF else None
    return _file_response(data, a.content_type, download)


@bp.route("/attachments/<int:attachment_id>/thumb")
def thumb(attachment_id):
    a = _served(attachment_id)
    if not a.thumb_key:
        abort(404)
    try:
        data = storage().get(a.thumb_key)
    except NotFound:
        abort(404)
    return _file_response(data, "image/webp")


@bp.record_once
def _on_register(state) -> None:
    state.app.jinja_env.globals.update(proposal_attachments=q.of, proposal_thumbnails=q.first_pictures)
