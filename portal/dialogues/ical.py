"""iCalendar files for meetings and a feed per dialogue (the `icalendar` package)."""
from __future__ import annotations

from icalendar import Calendar, Event

from ..urls import external_url
from .models import Dialogue, Meeting


def _uid(meeting: Meeting) -> str:
    return f"dialogue-{meeting.dialogue_id}-meeting-{meeting.id}@dialogportal"


def _event(meeting: Meeting) -> Event:
    ev = Event()
    ev.add("uid", _uid(meeting))
    ev.add("dtstamp", meeting.updated_at)
    ev.add("dtstart", meeting.starts_at)
    ev.add("dtend", meeting.ends_at)
    ev.add("summary", f"{meeting.title} – {meeting.dialogue.title}")
    ev.add("location", meeting.place)
    description = meeting.accessibility or ""
    ev.add("description", description)
    ev.add("url", external_url("dialogues.show", dialogue_id=meeting.dialogue_id))
    return ev


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Malmö stad//dialogportal//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def meeting_ics(meeting: Meeting) -> bytes:
    cal = _calendar(meeting.dialogue.title)
    cal.add_component(_event(meeting))
    return cal.to_ical()


def dialogue_ics(dialogue: Dialogue) -> bytes:
    cal = _calendar(dialogue.title)
    for m in dialogue.meetings:
        cal.add_component(_event(m))
    return cal.to_ical()
