"""The outbox: side effects written in the transaction, delivered after commit by a worker."""
