"""Administration without a developer: boards, people, reference data, settings, rule sets, audit log."""
