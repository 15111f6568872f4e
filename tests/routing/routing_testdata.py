"""Shared test data for the routing tests (a unique module name, safe beside other conftests)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SMALL_RULES = """
version: "test-1"
name: "Test"
settings: {min_score: 2, lead_kommunstyrelsen_at: 3, city_wide_terms: [hela staden]}
precedence: [gator, skolor, forskolor, kommunstyrelsen]
boards:
  - {slug: gator, code: G, name: {sv: Gatunämnden, en: Streets board}}
  - {slug: skolor, code: S, name: {sv: Skolnämnden}}
  - {slug: forskolor, code: F, name: {sv: Förskolenämnden}}
  - {slug: kommunstyrelsen, code: KS, name: {sv: Kommunstyrelsen}}
districts:
  - {slug: norr, name: "Norr"}
  - {slug: soder, name: "Söder"}
topics:
  - {slug: trafik, name: {sv: Trafik}, boards: [gator]}
  - {slug: skola, name: {sv: Skola}, boards: [skolor]}
lexicon: [projekt, buss, plats]
rules:
  - {id: park, terms: [park, lekplats, hundrastgård, hållplats, cykelbana], boards: [gator], weight: 2}
  - {id: skola, terms: [skola, skolgård], topics: [skola], weight: 2}
  - {id: forskola, terms: [förskola], boards: [forskolor], weight: 2}
  - {id: svag, terms: [träd], boards: [gator], weight: 1}
  - {id: norr-only, terms: [torg], boards: [gator], weight: 2, when: {district: [norr]}}
  - {id: both, terms: [snö], boards: [gator], weight: 2, when: {all: [cykel]}}
  - {id: not-if, terms: [bänk], boards: [gator], weight: 2, when: {none: [skolgård]}}
  - {id: ks, terms: [demokrati], boards: [kommunstyrelsen], weight: 2}
"""


BAD_RULES = """\
version: "bad-1"
name: "Bad"
settings: {many_boards_lead: tekniska}
boards:
  - {slug: tekniska, code: TN, name: {sv: Tekniska nämnden}}
topics:
  - {slug: trafik, name: {sv: Trafik}, boards: [tekniska]}
rules:
  - id: cykel
    terms: [cykelbana]
    boards: [teknisk]
  - id: tom
    terms: []
    boards: [tekniska]
  - id: villkor
    terms: [gata]
    boards: [tekniska]
    when: {season: [winter]}
  - id: cykel
    terms: [cykel]
    boards: [tekniska]
"""
