"""Renderers: turn domain objects into terminal views, Markdown, JSON and CSV. No SQL, no prompting."""


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 question', '2 questions': counts in messages read as sentences, not 'question(s)'."""
    return f"{n} {word if n == 1 else words or word + 's'}"
