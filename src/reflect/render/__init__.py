"""Renderers: turn domain objects into terminal views, Markdown, JSON and CSV. No SQL, no prompting."""
