"""Open data: CSV and JSON exports, Atom feeds and the open-data page with its licence."""
