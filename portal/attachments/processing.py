"""Checking an uploaded file by its content and re-encoding pictures with Pillow.

The type comes from the bytes, never from the name or the browser's claim. Pictures are decoded
and written anew, so EXIF (a phone's GPS position!), comments and anything appended to the file
are gone; a PDF is kept as sent and is only ever served as a download."""
from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import DomainError

PDF, JPEG, PNG, WEBP = "application/pdf", "image/jpeg", "image/png", "image/webp"
PICTURES = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp"}
MAX_PIXELS = 40_000_000  # larger pictures are refused before they are decoded
MAX_SIDE = 2400  # pictures are scaled down to this on their longest side
THUMB_WIDTH = 320


class BadFile(DomainError):
    status = 400
    default_message = _l("Attach a PDF document or a JPEG, PNG or WebP picture.")


@dataclass
class Processed:
    content_type: str
    data: bytes
    width: int | None = None
    height: int | None = None
    thumb: bytes | None = None
    thumb_width: int | None = None
    thumb_height: int | None = None

    @property
    def is_picture(self) -> bool:
        return self.content_type in PICTURES


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves declare, for the types a proposal may carry."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def process(data: bytes) -> Processed:
    """Check a file and, for a picture, re-encode it and make its thumbnail; BadFile if it is neither."""
    kind = sniff(data)
    if kind is None:
        raise BadFile()
    if kind == PDF:
        if b"%%EOF" not in data[-2048:]:
            raise BadFile(_l("The PDF document seems to be damaged."))
        return Processed(PDF, data)
    return _picture(data, kind)


def _encode(img: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        img.save(out, "PNG", optimize=True)
    else:
        img.save(out, "WEBP", quality=85)
    return out.getvalue()


def _picture(data: bytes, kind: str) -> Processed:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PICTURES.values() or PICTURES[kind] != probe.format:
                raise BadFile()
            if probe.width * probe.height > MAX_PIXELS:
                raise BadFile(_l("The picture is too large (at most 40 megapixels)."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = ImageOps.exif_transpose(img)  # keep the orientation the EXIF asked for, then drop it
            if img.mode not in ("RGB", "RGBA", "L", "LA"):
                img = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = Image.new(img.mode, img.size)  # a new image: no metadata travels with the pixels
            clean.paste(img)
            fmt = PICTURES[kind]
            body = _encode(clean, fmt)
            thumb = clean.copy()
            thumb.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 3))
            thumb_bytes = _encode(thumb, "WEBP")
            return Processed(kind, body, clean.width, clean.height, thumb_bytes, thumb.width, thumb.height)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BadFile(_l("The picture could not be read.")) from None
