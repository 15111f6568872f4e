"""Public search over proposals and dialogues: one interface, a database and a Meilisearch backend."""
