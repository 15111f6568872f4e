"""Routing of citizen proposals to every municipal board they concern.

Pure Python: takes plain data and a rule set, returns a Decision. Imports
neither Flask, SQLAlchemy nor Meilisearch.
"""
from .engine import Decision, Match, ProposalInput, route
from .explain import explain
from .ruleset import (Board, District, Rule, RuleSet, RuleSetError, Settings, Topic,
                      default_ruleset, load_ruleset, parse_ruleset)

__all__ = [
    "Board", "Decision", "District", "Match", "ProposalInput", "Rule", "RuleSet", "RuleSetError",
    "Settings", "Topic", "default_ruleset", "explain", "load_ruleset", "parse_ruleset", "route",
]
