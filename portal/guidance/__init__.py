"""Guidance: the glossary, the participation framework for residents and the officers' guide (issue 10)."""
