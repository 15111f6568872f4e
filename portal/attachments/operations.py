"""The verbs of attachments: add a file or a link, remove one, purge a proposal's files.

Files are written to the store before the row; removing them is a side effect after commit,
through the outbox ("files" entries), so a rolled-back request never loses a file it still lists."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..admin.settings import get_setting
from ..errors import DomainError, PermissionDenied
from ..extensions import db
from ..outbox import worker
from ..outbox.operations import enqueue
from ..proposals.models import Proposal
from .models import Attachment, AttachmentKind as K
from .processing import BadFile, process
from .storage import new_key, storage

ALT_LENGTH = 300


def max_bytes() -> int:
    return int(get_setting("attachment_max_mb")) * 1024 * 1024


def _count(proposal: Proposal, kind: K) -> int:
    return db.session.scalar(select(func.count(Attachment.id)).where(Attachment.proposal_id == proposal.id,
                                                                     Attachment.kind == kind))


def display_name(filename: str | None) -> str:
    """A file name fit to show (never used as a path): the last part, printable characters, short."""
    name = re.split(r"[\\\\/]", filename or "")[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    return name.strip()[:120] or "file"


def add_file(proposal: Proposal, user, filename: str | None, data: bytes, alt_text: str = "") -> Attachment:
    """Attach a document or a picture; a picture needs alt text and is re-encoded without EXIF."""
    if not proposal.can_edit(user):
        raise PermissionDenied()
    if _count(proposal, K.FILE) >= int(get_setting("attachments_max_files")):
        raise DomainError(_l("A proposal can carry at most %(n)s files.", n=int(get_setting("attachments_max_files"))))
    if not data:
        raise BadFile(_l("Choose a file to attach."))
    if len(data) > max_bytes():
        raise BadFile(_l("The file is too large (at most %(n)s MB).", n=int(get_setting("attachment_max_mb"))))
    result = process(data)
    alt = (alt_text or "").strip()
    if result.is_picture and not alt:
        raise BadFile(_l("Describe the picture in a few words: the text is read aloud to people who cannot see it."))
    key = new_key()
    store = storage()
    store.put(key, result.data, result.content_type)
    a = Attachment(proposal_id=proposal.id, kind=K.FILE, key=key, content_type=result.content_type,
                   size=len(result.data), name=display_name(filename), alt_text=alt[:ALT_LENGTH] if result.is_picture else None,
                   width=result.width, height=result.height)
    if result.thumb is not None:
        store.put(a.thumb_key, result.thumb, "image/webp")
        a.thumb_width, a.thumb_height = result.thumb_width, result.thumb_height
    db.session.add(a)
    db.session.flush()
    return a


def add_link(proposal: Proposal, user, url: str, title: str = "") -> Attachment:
    if not proposal.can_edit(user):
        raise PermissionDenied()
    if _count(proposal, K.LINK) >= int(get_setting("attachments_max_links")):
        raise DomainError(_l("A proposal can carry at most %(n)s links.", n=int(get_setting("attachments_max_links"))))
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        raise DomainError(_l("Give a web address that starts with https:// or http://."))
    a = Attachment(proposal_id=proposal.id, kind=K.LINK, url=url, name=(title or "").strip()[:200] or parts.netloc)
    db.session.add(a)
    db.session.flush()
    return a


def remove(attachment: Attachment, user) -> None:
    if not attachment.proposal.can_edit(user):
        raise PermissionDenied()
    forget_files(attachment.keys)
    db.session.delete(attachment)
    db.session.flush()


def forget_files(keys: list[str]) -> None:
    """Remove stored files after the transaction commits (the outbox worker deletes them)."""
    if keys:
        enqueue("files", {"delete": list(keys)})


def purge(proposal_ids) -> int:
    """Remove the attachments of these proposals and, after commit, their files. Returns how many."""
    rows = list(db.session.scalars(select(Attachment).where(Attachment.proposal_id.in_(proposal_ids))))
    forget_files([k for a in rows for k in a.keys])
    for a in rows:
        db.session.delete(a)
    db.session.flush()
    return len(rows)


def delete_files(payload: dict, message_id=None) -> None:
    """The outbox handler: delete stored files (a missing one is already gone)."""
    store = storage()
    for key in payload.get("delete", []):
        store.delete(key)


worker.HANDLERS["files"] = delete_files
