"""Benchmark the router against a naive one-regex-per-term baseline.

usage: python benchmarks/routing_bench.py [--n 50000] [--terms 10000] [--sample 200] [--seed 1]
       python benchmarks/routing_bench.py --against DIR [--n 20000] [--rounds 5]

Routes --n generated proposals with the shipped Malmö rules and with a
generated rule set of --terms terms, single-threaded (so the figures are per
core). The baseline tries one precompiled ``\\b<term>\\b`` regular expression per
term in turn on each proposal; it is too slow to run on all proposals, so it is
timed on --sample proposals and extrapolated (the output says so).

``--against DIR`` compares this router with another version of it in the same
process: DIR is a checkout holding another ``routing`` package (for example
``git worktree add --detach /tmp/before <commit>``). Both route the same
proposals with their own Malmö rules, in alternating rounds so that the
machine's changing load falls on both alike; the best round of each and their
ratio are printed.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from routing import ProposalInput, default_ruleset, parse_ruleset, route  # noqa: E402
from routing.normalise import normalise  # noqa: E402

FILLER = ("och att det som en på är av för med till den har de inte om ett vi kan man när också "
          "efter eller nu där vid mot ska skulle finns vara alla andra mycket här bara blir upp även "
          "borde fler mer hur vår våra barn dag kväll helg sommar vinter stad område förslag behov "
          "Malmö invånare problem tid plats många nya gamla stora små bra dåligt viktigt").split()
ENDINGS = ("", "", "en", "et", "er", "erna", "ar", "arna", "s", "or", "orna")


def terms_of(rs) -> list[str]:
    return sorted({t for rule in rs.rules for t in rule.terms})


def make_proposals(n: int, vocab: list[str], rng: random.Random) -> list[ProposalInput]:
    """Proposals of 40-120 words: mostly filler, with a few (inflected) vocabulary words."""
    out = []
    for i in range(n):
        words = [rng.choice(FILLER) for _ in range(rng.randrange(40, 120))]
        for _ in range(rng.randrange(1, 6)):
            words[rng.randrange(len(words))] = rng.choice(vocab) + rng.choice(ENDINGS)
        title = " ".join(words[:rng.randrange(3, 8)]).capitalize()
        out.append(ProposalInput(str(i), title, " ".join(words) + "."))
    return out


def generated_ruleset(n_terms: int, rng: random.Random):
    """A valid rule set with n_terms pseudo-Swedish terms spread over 13 boards."""
    syll = ["ka", "lo", "ber", "stå", "mi", "rø", "tu", "gen", "vall", "sko", "park", "näs", "dal",
            "by", "holm", "tor", "ek", "lind", "bro", "hav", "sand", "skog", "gård", "berg", "vik"]
    terms: set[str] = set()
    while len(terms) < n_terms:
        w = "".join(rng.choice(syll) for _ in range(rng.randrange(2, 5)))
        terms.add(w if rng.random() > 0.1 else w + " " + rng.choice(syll) + rng.choice(syll))
    boards = [f"b{i}" for i in range(13)]
    lines = ['version: "bench-1"', 'name: "Generated"', "settings: {many_boards_lead: b0}", "boards:"]
    lines += [f"  - {{slug: {b}, code: C{i}, name: {{sv: Board {i}}}}}" for i, b in enumerate(boards)]
    lines.append("rules:")
    ordered = sorted(terms)
    rng.shuffle(ordered)
    for r in range(0, len(ordered), 20):
        chunk = ", ".join(ordered[r:r + 20])
        lines.append(f"  - {{id: r{r // 20}, terms: [{chunk}], boards: [{boards[r // 20 % 13]}], weight: 2}}")
    return parse_ruleset("\n".join(lines) + "\n", source="<generated>")


def time_router(proposals, rs) -> float:
    start = time.perf_counter()
    for p in proposals:
        route(p, rs)
    return time.perf_counter() - start


def time_baseline(proposals, terms) -> float:
    """One regular expression per term, tried in turn (patterns compiled once, up front)."""
    patterns = [re.compile(r"\b" + re.escape(normalise(t)) + r"\b") for t in terms]
    start = time.perf_counter()
    for p in proposals:
        text = normalise(p.title + "\n" + p.body)
        [pat.pattern for pat in patterns if pat.search(text)]
    return time.perf_counter() - start


def bench(label, rs, proposals, sample) -> float:
    t0 = time.perf_counter()
    rs.index                                    # built once per rule set
    build = time.perf_counter() - t0
    terms = terms_of(rs)
    ours = len(proposals) / time_router(proposals, rs)
    k = min(sample, len(proposals))
    base = k / time_baseline(proposals[:k], terms)
    print(f"{label}: {len(terms)} terms, index built in {build:.2f} s")
    print(f"  router:   {ours:10,.0f} proposals/s  ({len(proposals):,} proposals, one core)")
    print(f"  baseline: {base:10,.0f} proposals/s  (one regex per term; timed on {k} proposals, "
          f"extrapolated to {len(proposals):,})")
    print(f"  ratio:    {ours / base:10,.1f} x")
    return ours / base


def _load_routing(root: str):
    """Import the routing package found in ``root`` under its own name, then forget the name,
    so that another version can be imported beside it."""
    import importlib
    for name in [m for m in sys.modules if m == "routing" or m.startswith("routing.")]:
        del sys.modules[name]
    sys.path.insert(0, root)
    try:
        mod = importlib.import_module("routing")
        rs = mod.default_ruleset()
        mod.route(mod.ProposalInput("warm", "park skola", "bibliotek."), rs)   # build the index now
    finally:
        sys.path.remove(root)
    return mod, rs


def compare(other: str, n: int, rounds: int, seed: int) -> float:
    here = str(Path(__file__).resolve().parents[1])
    sides = {"this": _load_routing(here), "other": _load_routing(str(Path(other).resolve()))}
    for name in [m for m in sys.modules if m == "routing" or m.startswith("routing.")]:
        del sys.modules[name]
    raw = make_proposals(n, terms_of(sides["other"][1]), random.Random(seed))
    inputs = {k: [mod.ProposalInput(p.id, p.title, p.body) for p in raw] for k, (mod, _) in sides.items()}
    rates: dict[str, list[float]] = {k: [] for k in sides}
    for _ in range(rounds):
        for k, (mod, rs) in sides.items():
            route_, start = mod.route, time.perf_counter()
            for p in inputs[k]:
                route_(p, rs)
            rates[k].append(n / (time.perf_counter() - start))
    for k, v in rates.items():
        print(f"{k:6s} best {max(v):10,.0f} proposals/s  rounds: " + " ".join(f"{x:,.0f}" for x in v))
    ratio = max(rates["this"]) / max(rates["other"])
    print(f"ratio this/other (best rounds): {ratio:.2f}  ({n:,} proposals with {other}'s Malmö vocabulary, one core)")
    return ratio


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=50_000, help="proposals to route (default 50000)")
    ap.add_argument("--terms", type=int, default=10_000, help="terms in the generated rule set")
    ap.add_argument("--sample", type=int, default=200, help="proposals the baseline is timed on")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--against", metavar="DIR", help="compare with the routing package in DIR, same process")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds for --against")
    a = ap.parse_args(argv)
    if a.against:
        compare(a.against, min(a.n, 20_000) if a.n == 50_000 else a.n, a.rounds, a.seed)
        return 0
    rng = random.Random(a.seed)
    malmo = default_ruleset()
    bench("Malmö rules", malmo, make_proposals(a.n, terms_of(malmo), rng), a.sample)
    t0 = time.perf_counter()
    gen = generated_ruleset(a.terms, rng)
    print(f"(generated rule set parsed and validated in {time.perf_counter() - t0:.2f} s)")
    bench(f"Generated rules ({a.terms:,} terms)", gen, make_proposals(a.n, terms_of(gen), rng), a.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
