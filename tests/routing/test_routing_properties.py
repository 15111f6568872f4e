"""Property tests: any text routes without error, in time linear in its length."""
import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing import ProposalInput, default_ruleset, route

RS = default_ruleset()

any_text = st.one_of(
    st.text(max_size=2000),
    st.binary(max_size=500).map(lambda b: b.decode("latin-1")),
    st.text(alphabet=st.sampled_from("åäöÅÄÖabcsklpr -\u0627\u0644\u0645\u4e2d\u0301\u200b"), max_size=500),
    st.lists(st.sampled_from(["lekplats", "skolan", "förskolans", "parkering", "hela staden",
                              "cykelbanorna", "äldre", "the", "och", "x" * 80, "-", "—"]),
             max_size=60).map(" ".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=any_text, body=any_text, district=st.one_of(st.none(), st.text(max_size=20)),
       topics=st.lists(st.text(max_size=10), max_size=3))
def test_any_text_routes(title, body, district, topics):
    d = route(ProposalInput("x", title, body, district, tuple(topics)), RS)
    assert d.needs_triage == (not d.boards)
    assert d.lead is None or d.lead in d.boards
    assert route(ProposalInput("x", title, body, district, tuple(topics)), RS) == d


def _timed(text):
    RS.index.lexicon._cache.clear()     # time cold analysis, not the memo
    RS.index._memo.clear()
    start = time.perf_counter()
    route(ProposalInput("x", "t", text), RS)
    return time.perf_counter() - start


def _mixed(size, rng):
    words = ["lekplatserna", "skolgårdsprojekt", "Oxievångsskolan", "parkeringen", "the", "och",
             "مرحبا", "漢字", "x" * 70, "\x00\x01", "hela staden", "1234"]
    out, n = [], 0
    while n < size:
        # many distinct tokens that end in known words, so the compound splitter works
        w = "".join(rng.choice("bdfgkmnrstv") for _ in range(rng.randrange(3, 9))) + rng.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def test_huge_inputs():
    route(ProposalInput("x", "a" * 1_000_000, "b" * 1_000_000), RS)       # one 1 MB token
    route(ProposalInput("x", "", "lekplats " * 120_000), RS)              # 1 MB of words
    route(ProposalInput("x", "", "\x00\xff" * 500_000), RS)               # binary-looking


def test_linear_time():
    rng = random.Random(1)
    small, big = _mixed(500_000, rng), _mixed(2_000_000, rng)
    t_small = min(_timed(small) for _ in range(2))
    t_big = min(_timed(big) for _ in range(2))
    # 4x the input: linear work takes about 4x the time, quadratic 16x. The bound sits between,
    # with room for a shared, noisy machine (best of two runs each).
    assert t_big < 8 * t_small + 0.5, (t_small, t_big)
