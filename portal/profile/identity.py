"""The city's identity: name, colours, logo and favicon, loaded with the profile and checked at start."""
from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask import Blueprint, Response, current_app
from flask_babel import get_locale

from ..config import ConfigError

SHIPPED = Path(__file__).resolve().parent / "cities" / "malmo.yaml"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# (foreground, background, what it is): each pair must reach 4.5:1 (WCAG 2.1 AA, 1.4.3).
CONTRAST_PAIRS = [("ink", "background", "body text"), ("accent", "background", "links"),
                  ("on_accent", "accent", "button text"), ("on_accent", "accent_dark", "button text on hover"),
                  ("ink", "header", "header text"), ("accent", "header", "links in the header")]

bp = Blueprint("identity", __name__)


@dataclass(frozen=True)
class Identity:
    names: dict
    city: dict
    colours: dict
    logo_svg: str
    source: str = ""
    favicon: bytes = field(default=b"", repr=False)

    def name(self) -> str:
        lang = str(get_locale() or "sv")
        return self.names.get(lang) or self.names.get("sv") or next(iter(self.names.values()))

    def city_name(self) -> str:
        lang = str(get_locale() or "sv")
        return self.city.get(lang) or self.city.get("sv") or ""


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def load_identity(path: str | Path | None = None) -> Identity:
    """Read and check an identity file; a colour pair below 4.5:1 stops start-up with a clear message."""
    path = Path(path or SHIPPED)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"The city identity {path} cannot be read: {exc}") from exc
    names, colours = data.get("name") or {}, data.get("colours") or {}
    if not isinstance(names, dict) or not names.get("sv"):
        raise ConfigError(f"{path}: 'name' needs at least a Swedish name (name: {{sv: ...}}).")
    for key in ("accent", "accent_dark", "on_accent", "ink", "background", "header"):
        if not _HEX.match(str(colours.get(key, ""))):
            raise ConfigError(f"{path}: colours.{key} must be a colour like #0a58a3.")
    weak = [f"{what} ({colours[fg]} on {colours[bg]}: {contrast(colours[fg], colours[bg]):.2f}:1)"
            for fg, bg, what in CONTRAST_PAIRS if contrast(colours[fg], colours[bg]) < 4.5]
    if weak:
        raise ConfigError(f"{path}: too little contrast for " + "; ".join(weak) + ". At least 4.5:1 is needed.")
    logo = (path.parent / data["logo"]).read_text(encoding="utf-8") if data.get("logo") else ""
    if logo and "<script" in logo.lower():
        raise ConfigError(f"{path}: the logo must be a plain SVG without scripts.")
    return Identity(names=names, city=data.get("city") or {}, colours=colours, logo_svg=logo,
                    source=str(path), favicon=favicon_ico(colours["accent"], colours["on_accent"]))


def favicon_ico(background: str, foreground: str, size: int = 32) -> bytes:
    """A small ICO (one PNG inside): a rounded square in the city's colour with a speech bubble."""
    bg = bytes(int(background[i:i + 2], 16) for i in (1, 3, 5))
    fg = bytes(int(foreground[i:i + 2], 16) for i in (1, 3, 5))
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")
        for x in range(size):
            corner = min(x, size - 1 - x) < 5 and min(y, size - 1 - y) < 5 and \
                (min(x, size - 1 - x) - 5) ** 2 + (min(y, size - 1 - y) - 5) ** 2 > 25
            bubble = (5 <= x <= 26 and 8 <= y <= 22) or (9 <= x <= 13 and 22 < y <= 27 and x - 9 <= 27 - y)
            row += b"\x00\x00\x00\x00" if corner else (fg if bubble else bg) + b"\xff"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def identity() -> Identity:
    return current_app.extensions["identity"]


@bp.route("/favicon.ico")
def favicon():
    return Response(identity().favicon, mimetype="image/vnd.microsoft.icon",
                    headers={"Cache-Control": "public, max-age=86400"})


@bp.route("/identity/logo.svg")
def logo():
    if not identity().logo_svg:
        return Response(status=404)
    return Response(identity().logo_svg, mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


@bp.route("/identity.css")
def colours_css():
    c = identity().colours
    css = (":root { --ink: %s; --bg: %s; --accent: %s; --accent-dark: %s; --on-accent: %s; --soft: %s; }\n"
           % (c["ink"], c["background"], c["accent"], c["accent_dark"], c["on_accent"], c["header"]))
    return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=3600"})


def register_identity(app) -> None:
    """Load the configured identity (PROFILE_IDENTITY, else Malmö's) and serve its parts."""
    app.extensions["identity"] = load_identity(app.config.get("PROFILE_IDENTITY"))
    app.register_blueprint(bp)
    app.jinja_env.globals["city_identity"] = identity
