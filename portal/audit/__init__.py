"""Audit log: an append-only record of every official action."""
from .operations import record  # noqa: F401
