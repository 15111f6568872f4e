"""Comments on proposals: one level of replies, moderated as dialogue contributions are."""
