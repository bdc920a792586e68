"""An entry's row in `entry_facts`: its coded fields, each multi-valued one as a bitmask of its vocabulary. Written
with every entry (store/entry_rows.py), read by the pattern queries (store/patterns.py, store/tally.py); apart from
the tallies so that saving an entry loads only this."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from reflect.domain import vocab

if TYPE_CHECKING:
    from reflect.domain.models import Entry

# entry_facts column -> the vocabulary its bits index
FACT_COLUMNS = {
    "pulls": "pull",
    "families": "feeling_family",
    "urges": "urge",
    "events": "event",
    "body": "body",
    "triggers": "trigger",
    "management": "management",
}


@cache
def fact_bits() -> dict[str, dict[str, int]]:
    return {column: {slug: i for i, slug in enumerate(vocab.slugs(kind))} for column, kind in FACT_COLUMNS.items()}


@cache
def vocab_signature() -> str:
    import hashlib  # only the facts' upkeep and the migrations ask, never a plain save

    text = "|".join(f"{c}:{','.join(vocab.slugs(k))}" for c, k in FACT_COLUMNS.items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def mask(column: str, slugs: Iterable[str]) -> int:
    """The bitmask of `slugs` in a fact column (bit i: the i-th slug of its vocabulary)."""
    bits = fact_bits()[column]
    return sum(1 << bits[s] for s in set(slugs) if s in bits)


# Written with every entry (store.entry_rows), its values from facts_row().
FACTS_SQL = """INSERT OR REPLACE INTO entry_facts (entry_id, client, session_at, updated_at, intensity, pattern, stance,
       planned, tried, ruptured, pulls, families, urges, enacted, events, body, triggers, management)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


def facts_row(e: Entry) -> list[Any]:
    """The values of an entry's `entry_facts` row, in the table's column order: its coded fields, each multi-valued
    one as a bitmask of its vocabulary."""
    from reflect.domain.dates import iso

    p = e.presentation
    families = {vocab.feeling_family(w) for w in e.feelings}
    return [
        e.id,
        e.client,
        iso(e.session_at),
        iso(e.updated_at),
        e.intensity,
        p.pattern if p and p.pattern != "unclear" else None,
        e.stance,
        int(e.experiment is not None),
        e.experiment_followup.tried if e.experiment_followup else None,
        int(bool(e.ruptures)),
        mask("pulls", e.pulls),
        mask("families", families),
        mask("urges", (u.urge for u in e.urges)),
        mask("urges", (u.urge for u in e.urges if u.enacted)),
        mask("events", e.events),
        mask("body", e.body),
        mask("triggers", e.triggers),
        mask("management", e.management),
    ]
