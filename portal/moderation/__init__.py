"""Moderation: review of submitted proposals before publication."""
