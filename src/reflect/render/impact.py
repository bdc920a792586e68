"""The impact of supervision, worded: per meeting, each reaction worked on before and after, as a prompt.

Never a claim of cause: a change after a meeting may have many reasons, and small samples are flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from reflect.analysis.impact import Count, ImpactItem, Reaction
from reflect.analysis.pattern_terms import EVENT_GROUP_WORDS
from reflect.analysis.pattern_terms import _label as label  # the labels as the findings word them ("defend yourself")
from reflect.analysis.stats import Thresholds

PROMPT = (
    "What helped, and what else changed in the work or in you? A change after a meeting is not proof that the meeting "
    "caused it."
)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def reaction_phrase(r: Reaction, *, short: bool = False) -> str:
    """ "acted on the urge to over-run the time", or `short` for a chart's axis: "acted on: over-run the time"."""
    if r.kind == "pull":
        return f"{'' if short else 'logged the '}{r.subject.replace('-', '/')} pull"
    if r.kind == "urge":
        return f"{'acted on: ' if short else 'acted on the urge to '}{label('urge', r.subject)}"
    if r.kind == "feeling":
        return f"{'' if short else 'logged '}{label('feeling_family', r.subject)} feelings"
    return f"{'stance' if short else 'rated your stance'} {label('stance', r.subject)}"


def _of(c: Count, noun: str) -> str:
    return f"{c.count} of {c.total} {noun if c.total != 1 else noun.rstrip('s')}"


def item_line(item: ImpactItem, name: Callable[[str], str] = str, th: Thresholds | None = None, *,
              day: Callable[[date], str] = _day) -> str:  # fmt: skip
    """ "C-7F3K: acted on the urge to over-run the time in 5 of 12 sessions before 8 Oct 2026 (5 of 5 next to a break
    or in the ending phase); 0 of 7 after (0 of 3)." with a flag when too few sessions followed to read anything."""
    th = th or Thresholds()
    noun = "rated sessions" if item.reaction.kind == "stance" else "sessions"
    text = (
        f"{name(item.client)}: {reaction_phrase(item.reaction)} in {_of(item.before, noun)} before {day(item.meeting)}"
    )
    if item.reaction.event and item.event_before is not None and item.event_after is not None:
        where = EVENT_GROUP_WORDS[item.reaction.event].removeprefix("sessions ")
        text += f" ({item.event_before.count} of {item.event_before.total} {where})"
        text += (
            f"; {item.after.count} of {item.after.total} after ({item.event_after.count} of {item.event_after.total})"
        )
    else:
        text += f"; {item.after.count} of {item.after.total} after"
    text += "."
    if note := small_sample_note(item, th):
        text += f" {note}"
    return text


def small_sample_note(item: ImpactItem, th: Thresholds | None = None) -> str | None:
    """The flag for too few sessions after the meeting to read a change from (None when there are enough)."""
    th = th or Thresholds()
    if item.after.total < th.min_sessions:
        return f"Only {item.after.total} session{'s' if item.after.total != 1 else ''} since: too early to read."
    near = item.event_after
    if item.reaction.event and near is not None and near.total < th.min_sessions:
        # Enough sessions overall, too few around the event the finding was about: that part cannot be read yet.
        where = EVENT_GROUP_WORDS[item.reaction.event].removeprefix("sessions ")
        return f"Only {near.total} session{'s' if near.total != 1 else ''} {where} since: too early to read that part."
    return None


def impact_lines(items: Sequence[ImpactItem], name: Callable[[str], str] = str) -> list[str]:
    """Per meeting, oldest first: a heading, one line per reaction, and the prompt."""
    if not items:
        return [
            "No logged meeting has worked on a pattern yet: a meeting counts here when it discussed or resolved a "
            "client's question, or set an experiment or question for a client, with a pattern found before it."
        ]
    lines: list[str] = []
    for day in sorted({i.meeting for i in items}):
        lines.append(f"Supervision on {_day(day)}")
        lines += [f"  • {item_line(i, name)}" for i in items if i.meeting == day]
        lines.append(f"  {PROMPT}")
        lines.append("")
    return lines[:-1]
