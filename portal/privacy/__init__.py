"""Privacy: what is public, the resident's own data, retention, and the statements."""
