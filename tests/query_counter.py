"""Counting SQL statements, for the tests that a page's query count does not grow with its list."""
from sqlalchemy import event


class QueryCounter:
    """Counts the SQL statements sent while the block runs."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs):
        self.count += 1
