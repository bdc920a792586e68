"""Answers files for `reflect new --answers` and `reflect supervision log --answers`: JSON or TOML."""

from __future__ import annotations

from typing import Any


def load_answers(source: str, what: str = "entry") -> dict[str, Any]:
    """An answers file: JSON or TOML (by extension, or by content for stdin), holding `what` (for messages)."""
    import json

    from reflect.errors import ValidationError
    from reflect.io.transfer import open_input

    with open_input(source) as fh:
        try:
            text = fh.read()
        except UnicodeDecodeError:
            raise ValidationError(f"{source}: the file is not UTF-8 text.") from None
    name = "standard input" if source == "-" else source
    as_json = source.endswith(".json") or (not source.endswith(".toml") and text.lstrip().startswith(("{", "[")))
    from reflect.io import bounded_json

    try:
        data = bounded_json.loads(text) if as_json else _toml(text, name)
    except bounded_json.NumberTooLong as exc:
        raise ValidationError(f"{name}: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    except RecursionError:  # "[[[[..." thousands deep: the parsers recurse
        raise ValidationError(f"{name}: nested too deeply to be one {what}.") from None
    except ValueError:  # TOML: an integer past Python's int-string limit (thousands of digits); never echoed
        raise ValidationError(f"{name}: {bounded_json.NumberTooLong()}.") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{name}: must hold one {what} (an object of fields).")
    return data


def _toml(text: str, name: str) -> Any:
    import tomllib  # only a TOML file pays for the parser's import

    from reflect.errors import ValidationError

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{name}: not valid TOML or JSON ({exc}).") from None
