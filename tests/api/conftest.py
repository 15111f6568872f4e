"""Factories for API and open-data tests: the handling and dialogue factories, reused."""
from tests.dialogues.conftest import dialogue_data, make_dialogue, meeting_data, officer  # noqa: F401
from tests.handling.conftest import handled, staff, walk  # noqa: F401
