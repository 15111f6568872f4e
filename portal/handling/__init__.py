"""Handling: routed proposals become cases with an assignment per board."""
