"""The participation framework for residents: what the city promises at each level, and when you hear back."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..dialogues.models import Level

PROMISES = {
    Level.INFORMATION: _l("We tell you what is decided and why, and answer your questions. Your views do not "
                          "change this decision."),
    Level.CONSULTATION: _l("We read every view, summarise them for the board before it decides, and tell you "
                           "how they were weighed."),
    Level.DIALOGUE: _l("We talk with you, write down what we understood together, and take it to the board "
                       "before it decides."),
    Level.INFLUENCE: _l("We work out the proposal with you step by step; what you say can change what is "
                        "proposed to the board."),
    Level.CO_DECISION: _l("You decide together with us, and the board follows what is decided together "
                          "within the limits set in advance."),
}
HEAR_BACK = {
    Level.INFORMATION: _l("You get answers to your questions during the dialogue."),
    Level.CONSULTATION: _l("You hear back by the feedback date given on the dialogue's page."),
    Level.DIALOGUE: _l("You hear back by the feedback date given on the dialogue's page."),
    Level.INFLUENCE: _l("You hear back after every step, and with the final feedback by the date given on "
                        "the dialogue's page."),
    Level.CO_DECISION: _l("You see the result as soon as it is decided, and the feedback by the date given on "
                          "the dialogue's page."),
}


def promise(level: Level) -> str:
    return str(PROMISES[level])


def hear_back(level: Level) -> str:
    return str(HEAR_BACK[level])
