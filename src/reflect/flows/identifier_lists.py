"""The user's own identifier lists (deny: always flag and mask; allow: never take for a name), kept in the journal,
and scanning a text with them for `reflect privacy check`."""

from __future__ import annotations

from reflect.flows.journal import open_journal


def _term(value: str) -> str:
    from reflect.domain.textsafe import clean_text
    from reflect.errors import UsageError

    term = " ".join(clean_text(value).split())
    if not term or len(term) > 200:
        raise UsageError("give a word or phrase of 1 to 200 characters.")
    return term


def terms(which: str) -> list[str]:
    with open_journal() as journal:
        return journal.privacy_terms(which)


def add(which: str, value: str) -> bool:
    """Put a word or phrase on the list; False when it was there already."""
    from reflect.errors import UsageError

    term = _term(value)
    if which == "allow" and " " in term:
        raise UsageError("the allow-list takes single words (the name detector looks at one word at a time).")
    with open_journal() as journal:
        return journal.add_privacy_term(which, term)


def remove(which: str, value: str) -> None:
    from reflect.errors import NotFound

    with open_journal() as journal:
        if not journal.remove_privacy_term(which, _term(value)):
            raise NotFound(f"that is not on the {which}-list.")


def scan(file: str) -> list[dict[str, str]]:
    """The identifiers in a text file (or standard input for "-"), each as its kind and a masked context."""
    from reflect.io.transfer import open_input
    from reflect.privacy import identifiers

    with open_journal():  # sets the journal's deny/allow lists
        pass
    if file == "-":
        import sys

        text = sys.stdin.read()
    else:
        with open_input(file) as fh:
            text = fh.read()
    return [{"kind": m.kind, "context": identifiers.context(text, m)} for m in identifiers.find(text)]
