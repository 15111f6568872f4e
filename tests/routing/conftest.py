"""Shared fixtures for the routing tests: plain data, no app, no database."""
import subprocess
import sys

import pytest

from routing import default_ruleset, parse_ruleset
from routing_testdata import ROOT, SMALL_RULES


@pytest.fixture(scope="session")
def malmo():
    return default_ruleset()


@pytest.fixture(scope="session")
def small():
    return parse_ruleset(SMALL_RULES, source="small.yaml")


@pytest.fixture
def run_cli():
    """Run ``python -m routing ARGS`` in the project root; return the CompletedProcess."""
    def run(*args, input=None):
        return subprocess.run([sys.executable, "-m", "routing", *args], input=input,
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    return run
