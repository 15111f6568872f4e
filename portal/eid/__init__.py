"""E-legitimation (Swedish e-ID) through OpenID Connect brokers: login, linking, merging, residency."""
