"""Attachments of proposals: documents, pictures (re-encoded, EXIF dropped) and links."""
