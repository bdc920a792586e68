"""Renderers: turn domain objects into terminal views, Markdown, JSON and CSV. No SQL, no prompting."""

from reflect.render.formatting import plural

__all__ = ["plural"]  # the most used piece of the one formatter (render/formatting.py), importable from here
