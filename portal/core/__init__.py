"""Pages that belong to no feature: home, health, language, the local mailbox."""
