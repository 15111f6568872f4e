"""Attachments: type from content, pictures re-encoded without EXIF, alt text, limits, safe serving,
hidden proposals, moderators, thumbnails in the list, deletion and export."""
from __future__ import annotations

import base64
import io
import re

from PIL import Image
from sqlalchemy import event, select

from portal.attachments import operations as ops
from portal.attachments.models import Attachment
from portal.attachments.processing import BadFile
from portal.moderation import operations as mops
from portal.moderation.models import ModerationReason, ensure_default_reasons
from portal.outbox.models import OutboxEntry
from portal.outbox.worker import run_once
from portal.privacy.operations import delete_account, export_data
from tests.attachments.conftest import jpeg_with_gps, pdf, png

import pytest


def _upload(client, p, data, name="bild.jpg", alt=""):
    r = client.post(f"/proposals/{p.id}/attachments/files",
                    data={"f-file": (io.BytesIO(data), name), "f-alt_text": alt},
                    content_type="multipart/form-data")
    r.request.environ["wsgi.input"].close()  # the test client spools large bodies to a file it leaves open
    return r


def test_author_attaches_a_picture_with_alt_text_and_exif_is_gone(client, auth, db, store, make_proposal):
    p = make_proposal(state="draft")
    db.session.commit()
    auth.login(p.author)
    page = client.get(f"/proposals/{p.id}/attachments").text
    assert "People who cannot see the picture hear this text read aloud." in page
    assert 'enctype="multipart/form-data"' in page
    r = _upload(client, p, jpeg_with_gps(), alt="")
    assert r.status_code == 400 and "Describe the picture in a few words" in r.text
    assert db.session.scalar(select(Attachment)) is None
    assert not store.root.exists() or not any(store.root.rglob("*"))  # nothing stored either
    r = _upload(client, p, jpeg_with_gps(), name="../../etc/passwd.jpg", alt="Korsningen vid Oxievägen")
    assert r.status_code == 302
    a = db.session.scalars(select(Attachment)).one()
    assert a.content_type == "image/jpeg" and a.alt_text == "Korsningen vid Oxievägen"
    assert a.name == "passwd.jpg" and re.fullmatch(r"[0-9a-f]{32}", a.key)
    assert (a.width, a.height) == (64, 48) and a.thumb_width and a.thumb_height
    stored = store.get(a.key)
    assert b"SpyCam" not in stored and b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and not img.getexif() and img.size == (64, 48)
    with Image.open(io.BytesIO(store.get(a.thumb_key))) as thumb:
        assert thumb.format == "WEBP" and thumb.size == (a.thumb_width, a.thumb_height)
    # nothing under the store is named after the upload
    assert not [f for f in store.root.rglob("*") if "passwd" in f.name]
    preview = client.get(f"/proposals/{p.id}/preview").text
    assert f'alt="Korsningen vid Oxievägen" width="64" height="48"' in preview


def test_type_comes_from_the_content(client, auth, db, store, make_proposal):
    p = make_proposal(state="draft")
    db.session.commit()
    auth.login(p.author)
    r = _upload(client, p, b"<html><script>alert(1)</script></html>", name="bild.png", alt="x")
    assert r.status_code == 400 and "Attach a PDF document or a JPEG, PNG or WebP picture." in r.text
    r = _upload(client, p, b"GIF89a......", name="ok.pdf")
    assert r.status_code == 400
    # a PNG named .pdf is a PNG
    assert _upload(client, p, png(), name="dokument.pdf", alt="En blå ruta").status_code == 302
    assert db.session.scalars(select(Attachment)).one().content_type == "image/png"
    with pytest.raises(BadFile):
        ops.add_file(p, p.author, "x.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "alt")


def test_limits_on_number_and_size(client, auth, db, store, make_proposal):
    from portal.admin.models import Setting
    p = make_proposal(state="draft")
    db.session.merge(Setting(key="attachment_max_mb", value=1))
    db.session.commit()
    auth.login(p.author)
    big = pdf()[:-6] + b" " * (1024 * 1024) + b"\n%%EOF\n"
    r = _upload(client, p, big, name="stor.pdf")
    assert r.status_code == 400 and "The file is too large (at most 1 MB)." in r.text
    for i in range(3):
        assert _upload(client, p, pdf(), name=f"d{i}.pdf").status_code == 302
    r = _upload(client, p, pdf(), name="d4.pdf")
    assert r.status_code == 400 and "A proposal can carry at most 3 files." in r.text
    # far past the limit the request itself is refused before it is read
    huge = client.post(f"/proposals/{p.id}/attachments/files", data=b"0" * (3 * 1024 * 1024),
                       content_type="multipart/form-data; boundary=x")
    assert huge.status_code == 413


def test_links_only_http(client, auth, db, store, make_proposal):
    p = make_proposal(state="draft")
    db.session.commit()
    auth.login(p.author)
    r = client.post(f"/proposals/{p.id}/attachments/links", data={"l-url": "javascript:alert(1)", "l-title": "x"})
    assert r.status_code == 400 and "Give a web address that starts with https://" in r.text
    r = client.post(f"/proposals/{p.id}/attachments/links",
                    data={"l-url": "https://malmo.se/trafik", "l-title": "Stadens trafikplan"})
    assert r.status_code == 302
    page = client.get(f"/proposals/{p.id}/preview").text
    assert 'href="https://malmo.se/trafik" rel="nofollow noopener ugc">Stadens trafikplan</a>' in page


def test_only_the_author_of_a_draft_attaches(client, auth, db, store, make_proposal, make_user):
    p = make_proposal(state="draft")
    published = make_proposal()
    db.session.commit()
    auth.login(make_user())
    assert client.get(f"/proposals/{p.id}/attachments").status_code == 404  # a draft is invisible to others
    assert _upload(client, published, pdf(), name="x.pdf").status_code == 403
    auth.logout()
    auth.login(published.author)
    assert _upload(client, published, pdf(), name="x.pdf").status_code == 403  # published: no longer editable


def test_pdf_is_a_download_with_nosniff_and_sandbox(client, db, store, make_proposal, make_user):
    p = make_proposal(state="draft")
    a = ops.add_file(p, p.author, "Plan <b>.pdf", pdf())
    img = ops.add_file(p, p.author, "bild.png", png(), "En blå ruta")
    from portal.proposals import operations as pops
    pops.submit(p, p.author)
    from portal.proposals.operations import publish
    publish(p, make_user(roles=["moderator"]))
    db.session.commit()
    r = client.get(f"/attachments/{a.id}")
    assert r.status_code == 200 and r.data == pdf()
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"] == f'attachment; filename="attachment-{a.id}.pdf"'
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Security-Policy"].startswith("sandbox")
    r = client.get(f"/attachments/{img.id}")
    assert r.headers["Content-Type"] == "image/png" and "Content-Disposition" not in r.headers
    assert r.headers["Content-Security-Policy"].startswith("sandbox")
    page = client.get(f"/proposals/{p.id}").text
    assert f'<img src="/attachments/{img.id}" alt="En blå ruta" width="40" height="30">' in page
    assert "Plan &lt;b&gt;.pdf (PDF," in page


def _published_with_picture(db, make_proposal, make_user):
    p = make_proposal(state="draft")
    a = ops.add_file(p, p.author, "bild.png", png(), "En blå ruta")
    from portal.proposals import operations as pops
    pops.submit(p, p.author)
    pops.publish(p, make_user(roles=["moderator"]))
    db.session.flush()
    return p, a


def test_hidden_proposal_hides_its_files(client, auth, db, store, make_proposal, make_user):
    p, a = _published_with_picture(db, make_proposal, make_user)
    ensure_default_reasons()
    moderator = make_user(roles=["moderator"])
    mops.hide(p, moderator, db.session.scalars(select(ModerationReason)).first())
    db.session.commit()
    assert client.get(f"/attachments/{a.id}").status_code == 404
    assert client.get(f"/attachments/{a.id}/thumb").status_code == 404
    auth.login(moderator)
    assert client.get(f"/attachments/{a.id}").status_code == 200
    review = client.get(f"/moderation/{p.id}").text
    assert f'/attachments/{a.id}' in review and 'alt="En blå ruta"' in review


def test_moderator_sees_attachments_in_the_queue(client, auth, db, store, make_proposal, make_user):
    p = make_proposal(state="draft")
    a = ops.add_file(p, p.author, "plan.pdf", pdf())
    from portal.proposals import operations as pops
    pops.submit(p, p.author)
    moderator = make_user(roles=["moderator"])
    db.session.commit()
    assert client.get(f"/attachments/{a.id}").status_code == 404  # not public before publication
    auth.login(moderator)
    review = client.get(f"/moderation/{p.id}").text
    assert f'/attachments/{a.id}' in review and "plan.pdf (PDF," in review
    assert client.get(f"/attachments/{a.id}").status_code == 200


def test_list_shows_thumbnails_with_size_and_constant_queries(client, db, store, make_proposal, make_user):
    p, a = _published_with_picture(db, make_proposal, make_user)
    make_proposal(title="Utan bild")
    db.session.commit()
    page = client.get("/proposals/").text
    assert (f'<img class="card-thumb" src="/attachments/{a.id}/thumb" alt="" width="{a.thumb_width}" '
            f'height="{a.thumb_height}"') in page
    thumb = client.get(f"/attachments/{a.id}/thumb")
    assert thumb.status_code == 200 and thumb.headers["Content-Type"] == "image/webp"

    def count():
        db.session.expire_all()
        seen = []
        listen = lambda conn, cursor, statement, *a: seen.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get("/proposals/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return sum(1 for st in seen if not st.startswith(("SAVEPOINT", "RELEASE")))  # not the test's own

    few = count()
    for i in range(4):
        _published_with_picture(db, make_proposal, make_user)
    db.session.commit()
    assert count() == few


def test_deleting_the_account_removes_files_and_export_has_them(client, db, store, make_proposal, make_user):
    p, a = _published_with_picture(db, make_proposal, make_user)
    draft = make_proposal(state="draft", author=p.author)
    d = ops.add_file(draft, p.author, "plan.pdf", pdf())
    db.session.commit()
    exported = export_data(p.author)["attachments"]
    assert {x["name"] for x in exported} == {"bild.png", "plan.pdf"}
    pdf_item = next(x for x in exported if x["name"] == "plan.pdf")
    assert base64.b64decode(pdf_item["content_base64"]) == pdf()
    keys = a.keys + d.keys
    assert all(store.exists(k) for k in keys)
    delete_account(p.author)
    db.session.commit()
    assert db.session.scalar(select(Attachment)) is None
    assert all(store.exists(k) for k in keys)  # removed only after the commit, by the outbox worker
    entries = db.session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "files")).all()
    assert sorted(k for e in entries for k in e.payload["delete"]) == sorted(keys)
    assert run_once(kinds=("files",))["delivered"] == 1
    assert not any(store.exists(k) for k in keys)
    assert client.get(f"/attachments/{a.id}").status_code == 404


def test_removing_an_attachment(client, auth, db, store, make_proposal):
    p = make_proposal(state="draft")
    a = ops.add_file(p, p.author, "plan.pdf", pdf())
    db.session.commit()
    auth.login(p.author)
    assert client.post(f"/attachments/{a.id}/remove").status_code == 302
    assert db.session.scalar(select(Attachment)) is None
    run_once(kinds=("files",))
    assert not store.exists(a.key)
