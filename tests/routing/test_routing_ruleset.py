"""Rule set loading, validation with locations, and the Malmö profile's shape."""
import re
import unicodedata

import pytest

from routing import RuleSetError, load_ruleset, parse_ruleset

from routing_testdata import BAD_RULES, SMALL_RULES



def problems_of(text):
    with pytest.raises(RuleSetError) as exc:
        parse_ruleset(text, source="bad.yaml")
    return exc.value.problems


def test_every_problem_is_reported_with_location():
    problems = problems_of(BAD_RULES)
    assert len(problems) == 4
    expected = [
        r"^bad\.yaml:11: rules\[0\] \(id=cykel\): unknown board 'teknisk'",
        r"^bad\.yaml:13: rules\[1\] \(id=tom\): empty term list",
        r"^bad\.yaml:18: rules\[2\] \(id=villkor\): unknown condition 'season'",
        r"^bad\.yaml:\d+: rules\[3\] \(id=cykel\): duplicate rule id 'cykel'",
    ]
    for pattern in expected:
        assert any(re.search(pattern, p) for p in problems), (pattern, problems)


@pytest.mark.parametrize("patch, message", [
    (lambda t: t.replace('version: "test-1"', "version: 2026.1"), "'version' must be a non-empty string"),
    (lambda t: t.replace("boards: [forskolor], ", ""), "needs 'boards' or 'topics'"),
    (lambda t: t.replace("weight: 1}", "weight: 0}"), "weight must be a non-zero number"),
    (lambda t: t.replace("weight: 1}", "weight: zero}"), "weight must be a non-zero number"),
    (lambda t: t.replace("{slug: soder", "{slug: norr"), "duplicate slug 'norr'"),
    (lambda t: t.replace("min_score: 2", "min_score: 2, magic: 1"), "unknown setting 'magic'"),
    (lambda t: t.replace("precedence: [gator", "precedence: [gata"), "unknown board 'gata'"),
    (lambda t: t.replace("district: [norr]", "district: [mitten]"), "unknown district 'mitten'"),
    (lambda t: t.replace("topics: [skola], weight", "topics: [skolan], weight"), "unknown topic 'skolan'"),
    (lambda t: t + "extra: 1\n", "unknown top-level key 'extra'"),
    (lambda t: t.replace("{slug: gator, code: G,", "{slug: gator, code: S,"), "duplicate board code 'S'"),
    (lambda t: t.replace("terms: [träd]", "terms: [träd, '  ']"), "bad term"),
    (lambda t: t.replace("terms: [träd]", "terms: [träd, Träd]"), "term 'Träd' listed twice"),
    (lambda t: t.replace("lexicon: [projekt,", "lexicon: [två ord,"), "must be a single word"),
    (lambda t: t.replace("code: KS, name: {sv: Kommunstyrelsen}", "code: KS, name: {sv: KS}").replace(
        "kommunstyrelsen", "ks"), "set settings.many_boards_lead"),
    (lambda t: t.replace("- {id: ks,", "- {id: ks, colour: red,"), "unknown key 'colour'"),
    (lambda t: t.replace('name: "Test"', 'name: "Test"\nname: "Again"'), "duplicate key 'name'"),
])
def test_validation_messages(patch, message):
    problems = problems_of(patch(SMALL_RULES))
    assert any(message in p for p in problems), problems
    assert all(re.match(r"^bad\.yaml(:\d+)?: ", p) for p in problems)


def test_yaml_syntax_error_has_line():
    problems = problems_of("version: '1'\nrules: [\n  - a: b\n")
    assert len(problems) == 1 and "YAML syntax error" in problems[0]
    assert re.match(r"^bad\.yaml:\d+: ", problems[0])


def test_not_a_mapping():
    assert "must be a mapping" in problems_of("- 1\n- 2\n")[0]


def test_load_ruleset_raises_with_problems(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_RULES, encoding="utf-8")
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(path)
    assert len(exc.value.problems) == 4
    assert str(path) in exc.value.problems[0]
    with pytest.raises(RuleSetError):
        load_ruleset(tmp_path / "missing.yaml")


def test_valid_small_ruleset(small):
    assert small.version == "test-1" and small.name == "Test"
    assert list(small.boards) == ["gator", "skolor", "forskolor", "kommunstyrelsen"]
    assert small.district_slug("Söder") == "soder" and small.district_slug("x") is None


CODES = {"kommunstyrelsen": "KS", "arbetsmarknad-social": "ASN", "fritid": "FRN", "funktionsstod": "FSN",
         "forskola": "FN", "grundskola": "GRN", "gymnasie-vuxenutbildning": "GVN",
         "halsa-vard-omsorg": "HVON", "kultur": "KN", "miljo": "MN", "service": "SN",
         "stadsbyggnad": "SBN", "tekniska": "TN"}
TOPICS = {"trafik": "tekniska", "cykel": "tekniska", "parker": "tekniska", "lekplatser": "tekniska",
          "grundskola": "grundskola", "forskola": "forskola",
          "gymnasium-vuxenutbildning": "gymnasie-vuxenutbildning", "kultur-bibliotek": "kultur",
          "idrott-fritid": "fritid", "aldreomsorg-halsa": "halsa-vard-omsorg",
          "funktionsstod": "funktionsstod", "arbete-socialt-stod": "arbetsmarknad-social",
          "miljo-klimat": "miljo", "stadsplanering-bostader": "stadsbyggnad",
          "lokaler-maltider": "service", "demokrati-trygghet": "kommunstyrelsen"}


def _arabic(text):
    return any(unicodedata.name(c, "").startswith("ARABIC") for c in text)


def test_malmo_profile(malmo):
    assert malmo.version == "malmo-2026.1" and malmo.name == "Malmö stad"
    assert {b.slug: b.code for b in malmo.boards.values()} == CODES
    assert [d.slug for d in malmo.districts] == [
        "centrum", "sodra-innerstaden", "vastra-innerstaden", "limhamn-bunkeflo", "hyllie",
        "fosie", "oxie", "rosengard", "husie", "kirseberg"]
    assert malmo.district_slug("Kirseberg") == "kirseberg"
    assert malmo.district_slug("södra innerstaden") == "sodra-innerstaden"
    assert {t.slug: t.boards for t in malmo.topics.values()} == {k: (v,) for k, v in TOPICS.items()}
    for item in list(malmo.boards.values()) + list(malmo.topics.values()):
        assert item.name["sv"] and item.name["en"] and _arabic(item.name["ar"])
    assert malmo.precedence[:2] == ("tekniska", "grundskola")
    assert sorted(malmo.precedence) == sorted(CODES)
    assert malmo.settings.lead_kommunstyrelsen_at == 5
