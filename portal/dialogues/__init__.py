"""Dialogues (medborgardialoger): the city asks, residents take part, the city gives feedback."""
