"""The city's identity: loaded with the profile, contrast checked at start, favicon.ico served."""
import struct

import pytest

from portal.config import ConfigError
from portal.profile.identity import contrast, load_identity


def test_the_shipped_identity_loads_and_passes_the_contrast_check():
    ident = load_identity()
    assert ident.names["sv"] == "Malmös dialogportal" and ident.logo_svg.startswith("<svg")
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)


def test_a_colour_pair_below_4_5_to_1_stops_start_up(tmp_path):
    bad = tmp_path / "city.yaml"
    bad.write_text('name: {sv: "Exempelstad"}\ncolours: {accent: "#8ab4f8", accent_dark: "#073f75", '
                   'on_accent: "#ffffff", ink: "#1b1b1b", background: "#ffffff", header: "#f3f5f8"}\n')
    with pytest.raises(ConfigError, match="too little contrast for links"):
        load_identity(bad)


def test_pages_carry_the_city_name_colours_logo_and_favicon(client):
    body = client.get("/").get_data(as_text=True)
    assert "<title>" in body and "– Malmös dialogportal</title>" in body
    assert 'href="/favicon.ico"' in body and 'href="/identity.css"' in body
    assert '<img src="/identity/logo.svg" alt=""' in body
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.mimetype == "image/vnd.microsoft.icon"
    reserved, kind, count = struct.unpack("<HHH", r.data[:6])
    assert (reserved, kind, count) == (0, 1, 1) and r.data[22:30] == b"\x89PNG\r\n\x1a\n"
    css = client.get("/identity.css").get_data(as_text=True)
    assert "--accent: #0a58a3" in css
    assert client.get("/identity/logo.svg").mimetype == "image/svg+xml"


def test_another_city_puts_its_own_name_on_the_portal(tmp_path):
    from tests.conftest import make_app
    city = tmp_path / "lund.yaml"
    city.write_text('name: {sv: "Lunds dialogportal", en: "Lund dialogue portal"}\n'
                    'colours: {accent: "#6b1d1d", accent_dark: "#4a1414", on_accent: "#ffffff", '
                    'ink: "#1b1b1b", background: "#ffffff", header: "#f5f0eb"}\n')
    app = make_app("sqlite:///" + str(tmp_path / "x.db"), PROFILE_IDENTITY=str(city))
    with app.test_request_context("/"):
        assert app.extensions["identity"].name() == "Lunds dialogportal"
