"""The public JSON API (for now: search only)."""
