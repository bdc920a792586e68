"""A filtered checklist that cannot tick what the user cannot see.

questionary's checkbox, when the typed filter matches nothing, falls back to listing every choice with the cursor on
the first, and Space ticks it: a marker or the feeling at the top of a long list would be saved unseen. Here the
prompt says the filter matches nothing, and Space does nothing until the filter matches again.
"""

from __future__ import annotations

from typing import Any

NO_MATCH = "  nothing matches: Backspace to change the filter"


def _control(question: Any) -> Any:
    from questionary.prompts.common import InquirerControl

    for control in question.application.layout.find_all_controls():
        if isinstance(control, InquirerControl):
            return control
    raise LookupError("the checkbox has no choice list")  # questionary changed its layout: fail loudly in tests


def filter_matches_nothing(control: Any) -> bool:
    if not control.search_filter:
        return False
    wanted = control.search_filter.lower()
    return not any(wanted in str(choice.title).lower() for choice in control.choices)


def guard_unmatched_filter(question: Any) -> None:
    """Make Space inert and say so while the checkbox's filter matches no choice."""
    control = _control(question)
    original_tokens = control.get_search_string_tokens

    def search_tokens() -> Any:
        tokens = original_tokens()
        if tokens is not None and filter_matches_nothing(control):
            tokens = [*tokens, ("class:search_none", NO_MATCH)]
        return tokens

    control.get_search_string_tokens = search_tokens
    bindings = question.application.key_bindings

    # prompt_toolkit runs the binding added last for a key: this one replaces questionary's toggle only when the
    # filter matches nothing, and hands over otherwise.
    toggle = next(b.handler for b in bindings.bindings if b.keys == (" ",))

    @bindings.add(" ", eager=True)
    def _space(event: Any) -> None:
        if not filter_matches_nothing(control):
            toggle(event)
