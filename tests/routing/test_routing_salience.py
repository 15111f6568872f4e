"""What a proposal asks for decides; what it mentions in passing does not (routing/salience.py)."""
import pytest

from routing import ProposalInput, explain, route
from routing.salience import as_location, example_start, unit_kind
from routing.normalise import normalise, tokens


def decide(rs, title, body="", district=None):
    return route(ProposalInput("p", title, body, district), rs)


def toks(text):
    return tokens(normalise(text))


@pytest.mark.parametrize("sentence, kind", [
    ("Bygg en ny lekplats i parken", "request"),
    ("Vi vill att staden inför fler papperskorgar", "request"),
    ("Please fix the streetlights", "request"),
    ("نقترح بناء ملعب للأطفال", "request"),
    ("ونطالب بإصلاح الطريق", "request"),            # a conjunction fused to the verb
    ("Jag bor i Kirseberg sedan tio år", "background"),
    ("I live next to the park", "background"),
    ("أسكن في روزنغورد منذ خمس سنوات", "background"),
    ("Parken är full av skräp", "neutral"),
    ("Jag bor här och tycker att man borde bygga en bro", "request"),   # a request wins
])
def test_unit_kind(sentence, kind):
    assert unit_kind(toks(sentence)) == kind


@pytest.mark.parametrize("sentence, word, located", [
    ("Bygg en lekplats vid gamla biblioteket", "biblioteket", True),
    ("Jag går förbi skolan, biblioteket och simhallen", "simhallen", True),
    ("Bänkar bredvid den nya skolan", "skolan", True),
    ("Build benches near the library", "library", True),
    ("ضعوا مقاعد بجانب المكتبة", "المكتبه", True),
    ("Biblioteket behöver längre öppettider", "biblioteket", False),
    ("Renovera skolan och biblioteket", "biblioteket", False),
])
def test_places_named_as_locations(sentence, word, located):
    t = toks(sentence)
    assert as_location(t, t.index(word)) is located


def test_examples_start_after_the_marker():
    t = toks("Sommarjobb, till exempel inom äldreomsorgen eller parkerna")
    assert t[example_start(t)] == "inom"
    assert example_start(toks("Bygg en lekplats")) == 3


def test_a_list_passed_by_in_the_story_adds_no_board(malmo):
    d = decide(malmo, "Fler bänkar i Pildammsparken",
               "Jag promenerar där varje morgon. Jag går förbi skolan, biblioteket, simhallen och "
               "vårdcentralen på vägen. Ställ ut fler bänkar så att äldre kan vila.")
    assert d.boards == ("tekniska",), d.boards


def test_a_place_named_only_as_a_location_does_not_route(malmo):
    d = decide(malmo, "Ny lekplats", "Bygg en lekplats där gamla biblioteket låg, vid skolan.")
    assert set(d.boards) == {"tekniska"}, d.boards


def test_background_sentences_count_less_than_the_request(malmo):
    d = decide(malmo, "Farthinder på Lönngatan",
               "Mina barn går i förskolan på Lönngatan och jag jobbar på äldreboendet intill. "
               "Bilarna kör alldeles för fort. Sätt upp farthinder.")
    assert d.boards == ("tekniska",), d.boards
    where = {m.rule: m.where for m in d.matches}
    assert where["gator"] == "title"


def test_the_story_still_routes_when_nothing_is_asked_outright(malmo):
    # no request sentence anywhere: every mention counts fully rather than triage
    d = decide(malmo, "Idé", "Lekplatsen i Kroksbäcksparken har trasiga gungor sedan i våras.")
    assert d.boards == ("tekniska",) and not d.needs_triage


def test_exclusions_are_scoped_to_their_sentence(malmo):
    # one mention of adult education elsewhere does not switch off the school rule
    d = decide(malmo, "Bättre skolmat på Rosengårdsskolan",
               "Eleverna får för lite mat. Laga mer av maten på plats. Min mamma läser på komvux.")
    assert "grundskola" in d.boards and "service" in d.boards, d.boards
    d = decide(malmo, "Bättre mat på komvux", "Maten i skolans matsal på komvux är kall.")
    assert "grundskola" not in d.boards, d.boards


def test_street_names_are_places_not_topics(malmo):
    d = decide(malmo, "Stoppa bullret från bilarna på Amiralsgatan",
               "Det är högt buller hela natten. Mät bullret och gör något.")
    assert d.lead == "miljo"
    assert "tekniska" not in d.boards or d.scores["tekniska"] < d.scores["miljo"]


def test_explain_shows_where_each_word_was_found(malmo):
    d = decide(malmo, "Fler bänkar", "Jag bor vid biblioteket. Ställ ut fler bänkar i parken.")
    text = explain(d, malmo, "sv")
    assert "i rubriken" in text and "räknas" in text
    assert "Det som förslaget ber om väger mer" in text
    en = explain(d, malmo, "en")
    assert "in the title" in en and "What the proposal asks for weighs more" in en
