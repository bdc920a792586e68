"""Recording the clinician's profile: each change is a new dated row over the latest one, so the history stays."""

from __future__ import annotations

from typing import Any

from reflect.flows.journal import open_journal


def save_profile(**changes: Any) -> None:
    """The latest profile with `changes` (scores, measure, stage, supervisor, orientation; `clear` removes), saved
    as a new row."""
    from datetime import datetime

    from reflect.domain.dates import now_utc
    from reflect.domain.profile import updated_profile
    from reflect.render.console import message

    with open_journal() as journal, journal.write():
        profile = updated_profile(
            journal.latest_profile(), now=now_utc(), today=datetime.now().astimezone().date(), **changes
        )
        journal.add_profile(profile)
    message("Profile saved. It is private: never in the JSON export, in a document only with --include-private.")
