"""The one seam through which the interview asks questions.

`QuestionaryAsker` asks a person in a terminal; tests use `ScriptedAsker` (answers from a list) or drive the real
prompts through prompt_toolkit's pipe input. Every prompt uses `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt and
reaches the error boundary instead of coming back as a silent None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

Validator = Callable[[str], "str | None"]  # returns an error message, or None when the text is acceptable


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str
    short: str | None = None  # how the choice reads once answered, when the label carries more (a feeling's family)


class Asker(Protocol):
    def text(self, message: str, *, default: str = "", help: str | None = None,
             validate: Validator | None = None) -> str: ...  # fmt: skip

    def select(self, message: str, choices: Sequence[Choice], *, default: Any = None, help: str | None = None,
               search: bool = False) -> Any: ...  # fmt: skip

    def checkbox(self, message: str, choices: Sequence[Choice], *, default: Sequence[Any] = (),
                 help: str | None = None, search: bool = False) -> list[Any]: ...  # fmt: skip

    def confirm(self, message: str, *, default: bool = False) -> bool: ...

    def say(self, text: str) -> None: ...


def confirm(question: str, *, default: bool = False) -> bool:
    """One yes/no question outside an interview (delete, purge, decrypt, encrypt on first run), unstyled."""
    import questionary

    return bool(questionary.confirm(question, default=default).unsafe_ask())


# The asker's look. interview/early_frame.py draws a first question exactly as prompt_toolkit draws it with this style.
STYLE = [("qmark", "fg:#5f87af bold"), ("question", "bold"), ("instruction", "fg:#808080 italic"),
         ("highlighted", "bold"), ("selected", "fg:#5faf5f"), ("answer", "fg:#5f87af")]  # fmt: skip


def prompts_loaded() -> bool:
    """Whether questionary (and prompt_toolkit) are imported: a question then shows as soon as it is asked."""
    import sys

    return "questionary" in sys.modules


class QuestionaryAsker:
    """Real prompts. Messages between questions go to stderr so stdout stays clean.

    questionary is imported by the first question, which a terminal shows before it has loaded (early_frame.py)."""

    def __init__(self) -> None:
        self._questionary: Any = None
        self._style: Any = None

    @property
    def q(self) -> Any:
        if self._questionary is None:
            import questionary

            self._questionary = questionary
        return self._questionary

    @property
    def style(self) -> Any:
        if self._style is None:
            self._style = self.q.Style(STYLE)
        return self._style

    def _ask(self, build: Callable[[], Any], early: Callable[[tuple[int, int]], Any] | None = None) -> Any:
        """Build the question and ask it; a first question of a process is drawn early if it can be."""
        frame = None
        if early is not None and not prompts_loaded():
            from reflect.interview import early_frame

            frame = early_frame.draw(early)
        if frame is None:
            return build().unsafe_ask()
        try:
            question = build()
            frame.handover()
            return question.unsafe_ask()
        finally:
            frame.close()

    def _help(self, help: str | None) -> None:
        if help:
            self.say(f"  {help}")

    def text(self, message, *, default="", help=None, validate=None):
        self._help(help)

        def check(value: str) -> bool | str:
            if validate is None:
                return True
            problem = validate(value)
            return True if problem is None else problem

        instruction = "(Enter to go on; empty skips)" if validate is None else None

        def early(size: tuple[int, int]) -> Any:
            from reflect.interview.early_frame import text_frame

            return text_frame(message, default, size=size) if instruction is None else None

        return self._ask(lambda: self.q.text(message, default=default, validate=check, style=self.style,
                                             instruction=instruction), early)  # fmt: skip

    def select(self, message, choices, *, default=None, help=None, search=False):
        self._help(help)
        instruction = "(arrows to move, type to filter, Enter)" if search else "(arrows, Enter)"
        position = next((i for i, c in enumerate(choices) if c.value == default), None)

        def build() -> Any:
            items = [self.q.Choice(c.label, value=c.value) for c in choices]
            return self.q.select(
                message, choices=items, default=None if position is None else items[position], style=self.style,
                use_search_filter=search, use_jk_keys=not search, instruction=instruction,
            )  # fmt: skip

        def early(size: tuple[int, int]) -> Any:
            from reflect.interview.early_frame import select_frame

            labels = [c.label for c in choices]
            return select_frame(message, labels, position or 0, selected=position, instruction=instruction, size=size)

        return self._ask(build, early)

    def checkbox(self, message, choices, *, default=(), help=None, search=False):
        self._help(help)
        items = [self.q.Choice(c.label, value=c.value, checked=c.value in default) for c in choices]
        instruction = "(Space to tick, " + ("type to filter, " if search else "") + "Enter when done; none is fine)"
        question = self.q.checkbox(
            message, choices=items, style=self.style, use_search_filter=search, use_jk_keys=not search,
            instruction=instruction,
        )  # fmt: skip
        if search:
            from reflect.interview.checklist_filter import guard_unmatched_filter

            guard_unmatched_filter(question)
        ticked = question.unsafe_ask()
        if len(ticked) > 1:  # questionary echoes only "done (N selections)": say which, so the screen reads back
            self.say("  " + ", ".join(c.short or c.label for c in choices if c.value in ticked))
        return ticked

    def confirm(self, message, *, default=False):
        return self.q.confirm(message, default=default, style=self.style).unsafe_ask()

    def say(self, text):
        from reflect.render.console import guidance

        guidance(text)


class ScriptedAsker:
    """Answers from a list, in order, for tests. `INTERRUPT` in the list raises KeyboardInterrupt at that prompt."""

    INTERRUPT = object()

    def __init__(self, answers: Sequence[Any]) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, str]] = []  # (kind, message), to assert on the questions asked
        self.said: list[str] = []

    def _next(self, kind: str, message: str) -> Any:
        self.asked.append((kind, message))
        if not self.answers:
            raise AssertionError(f"no scripted answer left for {kind} {message!r}")
        value = self.answers.pop(0)
        if value is ScriptedAsker.INTERRUPT:
            raise KeyboardInterrupt
        return value

    def text(self, message, *, default="", help=None, validate=None):
        value = self._next("text", message)
        value = default if value is None else value
        if validate is not None and (problem := validate(value)):
            raise AssertionError(f"scripted answer {value!r} rejected: {problem}")
        return value

    def select(self, message, choices, *, default=None, help=None, search=False):
        value = self._next("select", message)
        if value is None:
            return default
        if value not in [c.value for c in choices]:
            raise AssertionError(f"{value!r} is not a choice for {message!r}")
        return value

    def checkbox(self, message, choices, *, default=(), help=None, search=False):
        value = self._next("checkbox", message)
        if value is None:
            return list(default)
        allowed = [c.value for c in choices]
        for v in value:
            if v not in allowed:
                raise AssertionError(f"{v!r} is not a choice for {message!r}")
        return list(value)

    def confirm(self, message, *, default=False):
        value = self._next("confirm", message)
        return default if value is None else bool(value)

    def say(self, text):
        self.said.append(text)
