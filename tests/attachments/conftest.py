"""Attachments: a fresh local store per test, sample files made here, pages read in English."""
from __future__ import annotations

import io

import pytest

from tests.comments.conftest import client, make_user  # noqa: F401  (English pages and accounts)


@pytest.fixture
def store(app, tmp_path):
    """The app's attachment store for this test: a local directory of its own."""
    from portal.attachments.storage import LocalStorage
    before = app.extensions.get("attachment_storage")
    app.extensions["attachment_storage"] = LocalStorage(tmp_path / "attachments")
    yield app.extensions["attachment_storage"]
    if before is None:
        app.extensions.pop("attachment_storage", None)
    else:
        app.extensions["attachment_storage"] = before


def jpeg_with_gps(width=64, height=48) -> bytes:
    """A JPEG whose EXIF names a camera and a GPS position, with a script appended after the image."""
    from PIL import Image
    img = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (55.0, 36.0, 1.0)
    gps[3], gps[4] = "E", (13.0, 0.0, 2.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue() + b"<script>alert(1)</script>"


def png(width=40, height=30) -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 120, 200, 255)).save(buf, "PNG")
    return buf.getvalue()


def pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
