"""Demo content for a living site on a laptop."""
