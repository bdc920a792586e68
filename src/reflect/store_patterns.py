"""SQL aggregation for pattern findings. A mixin on `store.Journal`; the decisions live in `patterns.py`.

Every query here groups and counts inside SQLite; Python only receives aggregated rows (one per client, presentation
or event group, never one per entry). To make that fast at 100,000 entries the queries read `entry_facts`: one compact
row per entry with each multi-valued field as a bitmask (bit i = the i-th slug of its vocabulary), so a question such
as "how often did each pull come with each client" is one scan grouped by client. The bits are counted several at a
time (see Packer), and one scan per period answers what every client's findings, the caseload's and each
presentation's need. The facts are derived data: `refresh_facts()` recomputes any row that is missing or older than its
entry before every analysis. For the whole journal, the per-client rows of that scan are kept in `client_summaries`
and recomputed only for clients whose facts changed (see _client_summaries).

Supporting entries come back as `group_concat` of the facts' rowids ("seqs"), resolved to entry ids, oldest first,
only for the findings that are reported.

Two sets of sessions matter (see docs/patterns.md):
- every session in the period: per-client findings compare a client with the *other* clients in the same period;
- the focal sessions (all of them, or one client's with --client): findings about the whole caseload use only these.
"""

from __future__ import annotations

import hashlib
import json
import operator
import struct
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from itertools import compress
from typing import TYPE_CHECKING, Any

from reflect import vocab

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.models import Entry
    from reflect.store import EntryFilter

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
STANCES = ("complementary", "non-complementary", "unsure")
JULIAN_REFERENCE = 2460000.5  # 2023-02-24: subtracted from julianday() so sums of squares keep their precision

Seqs = str | None  # a group_concat of entry_facts rowids, parsed only for reported findings (None: not gathered)


@cache
def fact_bits() -> dict[str, dict[str, int]]:
    return {column: {slug: i for i, slug in enumerate(vocab.slugs(kind))} for column, kind in FACT_COLUMNS.items()}


@cache
def vocab_signature() -> str:
    text = "|".join(f"{c}:{','.join(vocab.slugs(k))}" for c, k in FACT_COLUMNS.items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _mask(column: str, slugs: Iterable[str]) -> int:
    bits = fact_bits()[column]
    return sum(1 << bits[s] for s in set(slugs) if s in bits)


@dataclass
class PatternData:
    """The aggregated rows `patterns.analyse()` decides on. Counts are of sessions (entries) unless said otherwise."""

    now: datetime
    period_start: str | None
    period_end: str | None
    focal_client: str | None
    rank: dict[int, tuple[int, str]] = field(default_factory=dict)  # seq -> (position in time, entry id)
    sessions: dict[str, int] = field(default_factory=dict)  # analysed client -> sessions in the period
    all_sessions: int = 0  # every session in the period, all clients
    pull_totals: dict[str, int] = field(default_factory=dict)  # over every session in the period
    enacted_totals: dict[str, int] = field(default_factory=dict)
    stance_totals: dict[str, int] = field(default_factory=dict)
    pull_focal: dict[str, int] = field(default_factory=dict)  # over the focal sessions
    focal_sessions: int = 0
    client_pattern: dict[str, str] = field(default_factory=dict)  # client -> presentation coded most often
    pulls: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # client, pull, count, seqs
    urges: list[tuple[str, str, int, int, int, Seqs]] = field(default_factory=list)
    # client, urge, felt (any), enacted, felt in a session with a rupture, enacted seqs
    pattern_sessions: dict[str, int] = field(default_factory=dict)  # focal sessions coded with each presentation
    pattern_clients: dict[str, int] = field(default_factory=dict)
    urges_by_pattern: list[tuple[str, str, int, int, Seqs]] = field(default_factory=list)
    # pattern, urge, enacted, clients, seqs (focal)
    urge_enacted_focal: dict[str, int] = field(default_factory=dict)  # urge -> focal sessions it was acted on
    event_sessions: list[tuple[str, str, int]] = field(default_factory=list)  # client, event group, sessions
    event_subjects: list[tuple[str, str, str, str, int, Seqs]] = field(default_factory=list)
    # client, event group, "pull"|"family", slug, sessions with both, seqs (analysed clients)
    event_overall: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # group -> focal sessions with the event, their clients, those clients' sessions without it
    event_subjects_overall: list[tuple[str, str, str, int, int, Seqs, int]] = field(default_factory=list)
    # event group, kind, slug, focal sessions with both, clients, seqs, the same clients' other sessions with it
    subject_totals: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (client, kind, slug) -> sessions
    family_by_pattern: list[tuple[str, str, int, int, Seqs]] = field(default_factory=list)
    # pattern, family, sessions, clients, seqs (focal)
    family_focal: dict[str, int] = field(default_factory=dict)  # family -> focal sessions with it
    stances: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # client, stance, sessions, seqs
    ruptures: list[tuple[str, str, str | None, str | None, int, int, Seqs]] = field(default_factory=list)
    # client, type, resolved, trigger, ruptures, with metacommunication, seqs
    rupture_sessions: list[tuple[str, str, int]] = field(default_factory=list)  # client, type, sessions
    rupture_urges: list[tuple[str, str, str, int, Seqs]] = field(default_factory=list)  # client, type, urge, sessions
    unruptured_sessions: dict[str, int] = field(default_factory=dict)  # client -> sessions without a rupture
    triggers: list[tuple[str, int, int, Seqs]] = field(default_factory=list)  # trigger, sessions, clients, seqs
    client_triggers: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # client, trigger, sessions, seqs
    trigger_totals: dict[str, int] = field(default_factory=dict)  # over every session in the period
    trigger_sessions: int = 0  # focal sessions with any trigger
    intensity: list[tuple[str | None, int, float, float, float, float, float, float, float]] = field(
        default_factory=list
    )
    # client (None: all focal), sessions, sum x, sum y, sum xx, sum xy, sum yy, first x, last x (x in days)
    management: list[tuple[str, int]] = field(default_factory=list)
    management_sessions: int = 0
    questions: list[dict[str, Any]] = field(default_factory=list)  # open questions, oldest first
    body: dict[str, int] = field(default_factory=dict)  # sensation -> focal sessions
    body_family: list[tuple[str, str, int, Seqs]] = field(default_factory=list)  # sensation, family, sessions, seqs
    experiments: tuple[int, int, int, int, int, int, Seqs | None] = (0, 0, 0, 0, 0, 0, None)
    # planned, awaiting the client's next session, followed up there, tried yes, partly, no; seqs of planning entries

    def entry_ids(self, *parts: Seqs | Iterable[int] | None) -> tuple[str, ...]:
        """Entry ids for group_concat strings (or seq lists), oldest first, without repeats."""
        if not self.rank:  # gathered without supporting entries
            return ()
        seqs: set[int] = set()
        for part in parts:
            if not part:
                continue
            seqs.update(int(s) for s in part.split(",")) if isinstance(part, str) else seqs.update(part)
        return tuple(self.rank[s][1] for s in sorted(seqs, key=lambda s: self.rank[s][0]) if s in self.rank)


def _concat(test: str, wanted: bool, rowid: str = "rowid") -> str:
    """The rowids of the rows passing `test`, or NULL when the caller does not need supporting entries (it is the
    costliest part of a query, and the terminal report never shows entry ids)."""
    return f"group_concat(CASE WHEN {test} THEN {rowid} END)" if wanted else "NULL"


def _join(*parts: Seqs | None) -> Seqs | None:
    """Seqs gathered in several groups, as one."""
    kept = [p for p in parts if p]
    return ",".join(kept) if kept else None


class Packer:
    """Counting many bits with one SQL sum(). Each aggregate costs SQLite about as much per row as reading the row,
    and a period has over a hundred bits to count per client; so the bits of a bitmask are moved into fields of
    their own, `width` bits wide, of a 64-bit integer ("word"), and one sum() of the words counts them all at once.
    The fields are bytes (or 2 or 4 bytes) so that Python unpacks summed words in one call. The width holds the
    largest group summed (`rows`), so a field never carries into the next; the top field stays empty, and with it
    the sign bit. Words of one group may be added up further in Python while the total stays within `rows`."""

    def __init__(self, rows: int) -> None:
        self.width = next(w for w in (8, 16, 32) if rows < 1 << w)
        self.per_word = 64 // self.width - 1
        self._code = {8: "B", 16: "H", 32: "I"}[self.width]

    def words(self, column: str, bits: int) -> list[str]:
        """SQL expressions for the words of a bitmask column: bit i goes to field i % per_word of word i // per_word.

        Multiplying a word's bits by a sum of powers lays copies of them side by side, width - 1 apart, so that copy
        j has its bit j at j * width, where the mask keeps it; the copies never overlap, so nothing carries."""
        out = []
        for first in range(0, bits, self.per_word):
            size = min(self.per_word, bits - first)
            copies = sum(1 << (j * (self.width - 1)) for j in range(size))
            keep = sum(1 << (j * self.width) for j in range(size))
            shifted = f"{column} >> {first}" if first else column
            out.append(f"(({shifted} & {(1 << size) - 1}) * {copies} & {keep})")
        return out

    def fields(self, tests: list[str]) -> list[str]:
        """SQL expressions for words of tests that are 0 or 1 (never NULL), one field each."""
        out = []
        for first in range(0, len(tests), self.per_word):
            chunk = tests[first : first + self.per_word]
            terms = [f"(({t}) << {i * self.width})" if i else f"({t})" for i, t in enumerate(chunk)]
            out.append(f"({' + '.join(terms)})")
        return out

    def unpack(self, words: Sequence[int]) -> array[int]:
        """Every field of summed words, word by word (the empty top field included)."""
        fields = array(self._code)
        fields.frombytes(struct.pack(f"<{len(words)}q", *words))
        if sys.byteorder == "big" and self.width > 8:
            fields.byteswap()
        return fields

    def position(self, bit: int) -> int:
        """Where a bit's count is among the unpacked fields of its bit set's words."""
        return bit // self.per_word * (self.per_word + 1) + bit % self.per_word


def _picker(indexes: list[int]) -> Callable[[Sequence[int]], Sequence[int]]:
    """The items at these indexes, as a sequence even for one or none."""
    if not indexes:
        return lambda seq: ()
    if len(indexes) == 1:
        return lambda seq: (seq[indexes[0]],)
    return operator.itemgetter(*indexes)


def _facts(columns: str, rng: str, rp: list[Any], where: str = "1") -> str:
    """A subquery of the period's facts rows. For a period the time index narrows them down; for the whole journal,
    reading the table in order is much faster than walking an index and fetching each row from wherever it lies.
    LIMIT -1 keeps SQLite from folding the subquery into an outer GROUP BY, where it would walk the client index
    that way (and compute an expression such as x once per use)."""
    scan = "entry_facts" if rp else "entry_facts NOT INDEXED"
    return f"(SELECT {columns} FROM {scan} WHERE {rng} AND {where} LIMIT -1)"


def _line_sums(rows: list[Sequence[Any]]) -> list[Any]:
    """Per-client line sums (count, x, y, xx, xy, yy, first x, last x) over the caseload, added in client order."""
    if not rows:
        return [0] * 8
    columns = list(zip(*rows, strict=True))
    firsts = [v for v in columns[6] if v is not None]
    lasts = [v for v in columns[7] if v is not None]
    return [*(sum(c) for c in columns[:6]), min(firsts) if firsts else None, max(lasts) if lasts else None]


class _Tally:
    """The SELECT list of one grouped count, and its rows read back: bit sets as packed words (see Packer), plain
    sums, minimum and maximum, and the rowids for supporting entries. Rows of several groups of one client (its
    presentations) combine into one: sums and words add up, extremes compare, rowids join."""

    def __init__(self, pk: Packer, with_entries: bool) -> None:
        self.pk, self.with_entries = pk, with_entries
        self._words: list[str] = []
        self._sums: list[str] = []
        self._extremes: list[str] = []
        self._seqs: list[str] = []
        self._sizes: dict[str, int] = {}  # bit set -> its bits, in order
        self.positions: dict[str, list[int]] = {}  # bit set -> where its counts are among a row's unpacked fields
        self._pick: dict[str, Callable[[Sequence[int]], Sequence[int]]] = {}
        self._sum_at: dict[str, int] = {}
        self._seqs_at: dict[str, tuple[int, int]] = {}

    def bitset(self, name: str, words: list[str], bits: int) -> None:
        self._sizes[name] = bits
        first = len(self._words) * (self.pk.per_word + 1)
        self.positions[name] = [first + self.pk.position(i) for i in range(bits)]
        self._pick[name] = _picker(self.positions[name])
        self._words += [f"sum({w})" for w in words]

    def sum(self, name: str, expr: str) -> None:
        self._sum_at[name] = len(self._sums)
        self._sums.append(expr)

    def extremes(self, expr: str) -> None:
        self._extremes += [f"min({expr})", f"max({expr})"]

    def seqs(self, name: str, tests: list[str]) -> None:
        """The rowids passing each test, when supporting entries are wanted."""
        self._seqs_at[name] = (len(self._seqs), len(tests))
        if self.with_entries:
            self._seqs += [_concat(t, True) for t in tests]

    def sql(self) -> str:
        return ", ".join(self._words + self._sums + self._extremes + self._seqs)

    def combine(self, rows: list[Sequence[Any]]) -> Sequence[Any]:
        if len(rows) == 1:
            return rows[0]
        added = len(self._words) + len(self._sums)
        out: list[Any] = list(rows[0][:added])
        for row in rows[1:]:
            out = list(map(operator.add, out, row[:added]))
        for k in range(added, added + len(self._extremes)):
            values = [r[k] for r in rows if r[k] is not None]
            out.append((min if (k - added) % 2 == 0 else max)(values) if values else None)
        for k in range(added + len(self._extremes), len(rows[0])):
            out.append(_join(*(r[k] for r in rows)))
        return out

    def read(self, row: Sequence[Any]) -> _Counts:
        return _Counts(self, row)

    def counts(self, row: Sequence[Any]) -> list[int]:
        """Every count of a row's bit sets, in order."""
        c = self.read(row)
        return [n for name in self._sizes for n in c.bits(name)]

    def values(self, row: Sequence[Any]) -> list[Any]:
        """A row's sums and extremes."""
        return list(row[len(self._words) : len(self._words) + len(self._sums) + len(self._extremes)])

    def widened(self) -> _Tally:
        """The same layout with one count to a word: how stored summaries read back (never run as SQL)."""
        wide = _Tally(Packer(1 << 31), with_entries=False)
        for name, bits in self._sizes.items():
            wide.bitset(name, ["0"] * bits, bits)
        wide._sums, wide._sum_at, wide._extremes = self._sums, self._sum_at, self._extremes
        wide._seqs_at = {name: (0, count) for name, (_, count) in self._seqs_at.items()}
        return wide

    def layout(self) -> str:
        """What a stored summary row holds: it changes with the vocabulary or the sums kept."""
        parts = [vocab_signature(), *(f"{n}:{b}" for n, b in self._sizes.items()), *self._sums, *self._extremes]
        return "|".join(parts)

    def columns(self, rows: list[Sequence[Any]]) -> _Columns:
        return _Columns(self, rows)


class _Counts:
    """One (combined) row of a _Tally, by name."""

    def __init__(self, tally: _Tally, row: Sequence[Any]) -> None:
        self.tally, self.row = tally, row
        self._fields: array[int] | None = None

    def bits(self, name: str) -> list[int]:
        if self._fields is None:
            self._fields = self.tally.pk.unpack(self.row[: len(self.tally._words)])
        return list(self.tally._pick[name](self._fields))

    def sum(self, name: str) -> Any:
        return self.row[len(self.tally._words) + self.tally._sum_at[name]]

    def line(self) -> list[Any]:
        """The sums after "line" (see pattern_data), then the extremes."""
        start = len(self.tally._words) + self.tally._sum_at["line"]
        return [*self.row[start : len(self.tally._words) + len(self.tally._sums)], *self.extremes()]

    def extremes(self) -> Sequence[Any]:
        start = len(self.tally._words) + len(self.tally._sums)
        return self.row[start : start + len(self.tally._extremes)]

    def seqs(self, name: str) -> Sequence[Seqs | None]:
        first, count = self.tally._seqs_at[name]
        if not self.tally.with_entries:
            return [None] * count
        start = len(self.tally._words) + len(self.tally._sums) + len(self.tally._extremes) + first
        return self.row[start : start + count]


class _Columns:
    """Many rows of a _Tally at once (one per client), unpacked in one go, for figures over them: the counts of a
    bit set summed over the rows, or the rows with a nonzero count; and any field as a sequence over the rows."""

    def __init__(self, tally: _Tally, rows: list[Sequence[Any]]) -> None:
        self.tally, self.rows = tally, rows
        words = len(tally._words)
        self._stride = words * (tally.pk.per_word + 1)
        self._fields = tally.pk.unpack([w for row in rows for w in row[:words]])

    def field(self, name: str, bit: int) -> Sequence[int]:
        return self._fields[self.tally.positions[name][bit] :: self._stride] if self.rows else []

    def totals(self, name: str) -> list[int]:
        return [sum(self.field(name, i)) for i in range(len(self.tally.positions[name]))]

    def nonzero(self, name: str) -> list[int]:
        return [len(f) - f.count(0) for f in (self.field(name, i) for i in range(len(self.tally.positions[name])))]

    def values(self, name: str) -> list[Any]:
        k = len(self.tally._words) + self.tally._sum_at[name]
        return [row[k] for row in self.rows]

    def sum(self, name: str) -> int:
        return sum(self.values(name))

    def seqs(self, name: str, i: int) -> Seqs:
        """The rowids of one test over every row."""
        return _join(*(self.tally.read(row).seqs(name)[i] for row in self.rows)) if self.tally.with_entries else None


_KEPT_RESULTS = "events,ruptures:type/resolved/trigger/count/meta;type/sessions/urges,experiments:6"


@dataclass
class _EventRows:
    groups: list[str]  # event groups, in order (each "name=mask")
    tally: _Tally
    clients: list[str]
    rows: list[Sequence[Any]]  # per client: sessions in each group, and the pulls and feeling families in them


@dataclass
class _Kept:
    """The whole journal's per-client results kept in the journal (see PatternStore._kept)."""

    tally: _Tally  # reads `rows`
    rows: list[Sequence[Any]]  # the scan in pattern_data, per client and presentation
    events: _EventRows
    ruptures: tuple[list[Any], list[Any], list[Any]]  # as PatternData.ruptures, rupture_sessions, rupture_urges
    experiments: dict[str, tuple[int, ...]]  # client -> planned, awaiting, followed up, tried yes, partly, no


# The facts compared around session events, in _event_subjects' order: column -> the fact_bits key of its slugs.
EVENT_COLUMNS = {"pulls": "pulls", "families": "families", "enacted": "urges"}


@cache
def _event_subjects() -> list[tuple[str, str, int]]:
    """What is compared around events: each pull, each feeling family, then each urge acted on (kind, fact column,
    bit)."""
    bits = fact_bits()
    return [(kind, column, i) for kind, column in (("pull", "pulls"), ("family", "families"), ("urge", "enacted"))
            for i in range(len(bits[EVENT_COLUMNS[column]]))]  # fmt: skip


class PatternStore:
    db: Database

    if TYPE_CHECKING:  # provided by Journal

        def write(self) -> Any: ...

        def supervision_questions(self, **kwargs: Any) -> list[dict[str, Any]]: ...

    # --- keeping entry_facts in step -------------------------------------------------------------------------------

    def _save_facts(self, e: Entry) -> None:
        """The facts row for one entry, written with the entry (store._insert_entry calls this)."""
        from reflect.models import iso

        p = e.presentation
        families = {vocab.feeling_family(w) for w in e.feelings}
        self.db.execute(
            """INSERT OR REPLACE INTO entry_facts (entry_id, client, session_at, updated_at, intensity, pattern, stance,
                   planned, tried, ruptured, pulls, families, urges, enacted, events, body, triggers, management)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
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
                _mask("pulls", e.pulls),
                _mask("families", families),
                _mask("urges", (u.urge for u in e.urges)),
                _mask("urges", (u.urge for u in e.urges if u.enacted)),
                _mask("events", e.events),
                _mask("body", e.body),
                _mask("triggers", e.triggers),
                _mask("management", e.management),
            ],
        )

    def refresh_facts(self) -> int:
        """Recompute the facts of every entry whose row is missing or stale; all of them if the vocabulary changed.

        Returns how many rows were written. Cheap when nothing changed (one anti-join over two indexes).
        """
        row = self.db.execute("SELECT value FROM fact_meta WHERE key = 'vocabulary'").fetchone()
        rebuild = row is None or row[0] != vocab_signature()
        if not rebuild:
            # The usual case, in milliseconds: the same number of rows and the same latest change on both sides.
            latest = "SELECT count(*), max(updated_at) FROM {}"
            if tuple(self.db.execute(latest.format("entries")).fetchone()) == tuple(
                self.db.execute(latest.format("entry_facts")).fetchone()
            ):
                return 0
            stale = self.db.execute(
                """SELECT count(*) FROM entries e LEFT JOIN entry_facts f ON f.entry_id = e.id
                   WHERE f.updated_at IS NOT e.updated_at"""
            ).fetchone()[0]
            orphans = self.db.execute(
                "SELECT count(*) FROM entry_facts f WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = f.entry_id)"
            ).fetchone()[0]
            if not stale and not orphans:
                return 0

        def bits(column: str, table: str, slug_col: str, extra: str = "", distinct: bool = False) -> str:
            cases = " ".join(f"WHEN '{slug}' THEN {i}" for slug, i in fact_bits()[column].items())
            return (
                f"(SELECT coalesce(sum({'DISTINCT ' if distinct else ''}1 << (CASE x.{slug_col} {cases} END)), 0) "
                f"FROM {table} x WHERE x.entry_id = e.id{extra})"
            )

        with self.write():
            if rebuild:
                self.db.execute("DELETE FROM entry_facts")
                self.db.execute(
                    "INSERT OR REPLACE INTO fact_meta (key, value) VALUES ('vocabulary', ?)", [vocab_signature()]
                )
                where = ""
            else:
                self.db.execute(
                    "DELETE FROM entry_facts "
                    "WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = entry_facts.entry_id)"
                )
                where = """WHERE NOT EXISTS (SELECT 1 FROM entry_facts f WHERE f.entry_id = e.id
                                             AND f.updated_at = e.updated_at)"""
            cursor = self.db.execute(
                f"""INSERT OR REPLACE INTO entry_facts (entry_id, client, session_at, updated_at, intensity, pattern,
                        stance, planned, tried, ruptured, pulls, families, urges, enacted, events, body, triggers,
                        management)
                    SELECT e.id, e.client, e.session_at, e.updated_at, e.intensity, nullif(e.pattern, 'unclear'),
                           e.stance, e.experiment IS NOT NULL, e.followup_tried,
                           EXISTS (SELECT 1 FROM ruptures r WHERE r.entry_id = e.id),
                           {bits("pulls", "entry_pulls", "pull")},
                           {bits("families", "entry_feelings", "family", distinct=True)},
                           {bits("urges", "entry_urges", "urge")},
                           {bits("urges", "entry_urges", "urge", " AND x.enacted")},
                           {bits("events", "entry_events", "event")},
                           {bits("body", "entry_body", "sensation")},
                           {bits("triggers", "entry_triggers", "trigger")},
                           {bits("management", "entry_management", "factor")}
                    FROM entries e {where}"""
            )
            return max(cursor.rowcount, 0)

    # --- the analysis rows ------------------------------------------------------------------------------------------

    def _range(self, flt: EntryFilter) -> tuple[str, list[Any]]:
        from reflect.store import local_day_start_utc

        clauses, params = ["1"], []
        if flt.since:
            clauses.append("session_at >= ?")
            params.append(local_day_start_utc(flt.since))
        if flt.until:
            clauses.append("session_at < ?")
            params.append(local_day_start_utc(flt.until + timedelta(days=1)))
        return " AND ".join(clauses), params

    def period_summary(self, flt: EntryFilter) -> tuple[int, int, date | None, date | None]:
        """Sessions, clients, first and last session day (local) in the period (for --client: that client's)."""
        from reflect.store import stored_time

        rng, rp = self._range(flt)
        extra, params = (" AND client = ?", [flt.client]) if flt.client else ("", [])
        n, clients, first, last = self.db.execute(
            f"SELECT count(*), count(DISTINCT client), min(session_at), max(session_at) FROM entry_facts "
            f"WHERE {rng}{extra}",
            [*rp, *params],
        ).fetchone()
        day = lambda v: stored_time(v).astimezone().date() if v else None  # noqa: E731
        return n, clients, day(first), day(last)

    def recent_clients(self, flt: EntryFilter, limit: int) -> list[str]:
        """The clients seen most recently in the period, latest first."""
        rng, rp = self._range(flt)
        rows = self.db.execute(
            f"SELECT client FROM entry_facts WHERE {rng} GROUP BY client ORDER BY max(session_at) DESC, client LIMIT ?",
            [*rp, limit],
        )
        return [r[0] for r in rows]

    def pattern_data(
        self,
        flt: EntryFilter,
        *,
        now: datetime,
        event_groups: dict[str, tuple[str, ...]],
        with_entries: bool = True,
        clients: list[str] | None = None,
    ) -> PatternData:
        """Aggregate the period's sessions for pattern analysis (see the module docstring for the two session sets).

        Without `with_entries` the supporting entry ids are not gathered (findings then list none). `clients` limits
        the per-client findings to those clients (the terminal report shows the most recent ones); comparisons still
        use every session in the period."""
        w = with_entries
        self.refresh_facts()
        q = self.db.execute
        rng, rp = self._range(flt)
        data = PatternData(
            now=now,
            period_start=flt.since.isoformat() if flt.since else None,
            period_end=flt.until.isoformat() if flt.until else None,
            focal_client=flt.client,
        )
        if w:
            data.rank = {
                r[0]: (i, r[1])
                for i, r in enumerate(
                    q(f"SELECT rowid, entry_id FROM entry_facts WHERE {rng} ORDER BY session_at, entry_id", rp)
                )
            }
        bits = fact_bits()
        pulls, urges, families = list(bits["pulls"]), list(bits["urges"]), list(bits["families"])
        triggers, body = list(bits["triggers"]), list(bits["body"])
        patterns = [p for p in vocab.slugs("pattern") if p != "unclear"]
        focal = (lambda c: c == flt.client) if flt.client else (lambda c: True)  # noqa: E731
        analysed = {flt.client} if flt.client else set(clients) if clients is not None else None
        # No sum below is over more than one client's sessions in the period: the busiest client sets the packing.
        busiest = q(
            f"SELECT count(*) AS n FROM entry_facts WHERE {rng} GROUP BY client ORDER BY n DESC LIMIT 1", rp
        ).fetchone()
        pk = Packer(busiest[0] if busiest else 0)

        # One scan of every session in the period, per client and presentation: each client's counts, the caseload's
        # (the focal clients' summed here) and each presentation's (summed over the focal clients).
        t = _Tally(pk, w)
        for column, kind in (("pulls", "pulls"), ("urges", "urges"), ("enacted", "urges"), ("families", "families"),
                             ("triggers", "triggers"), ("management", "management"), ("body", "body")):  # fmt: skip
            t.bitset(column, pk.words(column, len(bits[kind])), len(bits[kind]))
        t.bitset("in_rupture", [f"{e} * ruptured" for e in pk.words("urges", len(urges))], len(urges))
        t.bitset("stances", pk.fields([f"stance IS '{s}'" for s in STANCES]), len(STANCES))
        t.bitset("named", pk.fields(["triggers != 0", "management != 0"]), 2)
        t.sum("n", "count(*)")
        t.sum("ruptured", "sum(ruptured)")
        # Intensity against time (days since a fixed reference): sums for a least-squares line, then its extent.
        t.sum("line", "count(intensity)")
        for expr in ("x", "intensity", "x * x", "x * intensity", "intensity * intensity"):
            t.sum(expr, f"coalesce(sum({expr}), 0)")
        t.extremes("x")
        for column, size in (("pulls", len(pulls)), ("enacted", len(urges)), ("families", len(families)),
                             ("triggers", len(triggers))):  # fmt: skip
            t.seqs(column, [f"{column} >> {i} & 1" for i in range(size)])
        t.seqs("stances", [f"stance = '{s}'" for s in STANCES])
        x = f"CASE WHEN intensity IS NOT NULL THEN julianday(session_at) - {JULIAN_REFERENCE} END AS x"
        columns = (
            "rowid, client, pattern, ruptured, stance, intensity, pulls, urges, enacted, families, triggers, "
            f"management, body, {x}"
        )
        source = _facts(columns, rng, rp)
        events = self._events_tally(pk, event_groups, w)
        # The whole journal: the same rows (and those of the queries below), kept per client and recomputed only for
        # the clients whose sessions changed.
        kept = None if rp or w else self._kept(t, columns, events, pk)
        if kept is not None:
            t, rows = kept.tally, kept.rows
        else:
            rows = q(f"SELECT client, pattern, {t.sql()} FROM {source} GROUP BY client, pattern", rp).fetchall()
        by_client: dict[str, list[tuple[str | None, Sequence[Any]]]] = {}
        by_pattern: dict[str, list[Sequence[Any]]] = {}  # presentation -> its focal clients' rows
        for row in rows:
            by_client.setdefault(row[0], []).append((row[1], row[2:]))
            if row[1] is not None and focal(row[0]):
                by_pattern.setdefault(row[1], []).append(row[2:])

        combined = {client: t.combine([row for _, row in groups]) for client, groups in by_client.items()}
        for client, groups in by_client.items():
            if analysed is not None and client not in analysed:
                continue
            c = t.read(combined[client])
            n = c.sum("n")
            data.sessions[client] = n
            data.unruptured_sessions[client] = n - c.sum("ruptured")
            for pull, count, seqs in zip(pulls, c.bits("pulls"), c.seqs("pulls"), strict=True):
                if count:
                    data.pulls.append((client, pull, count, seqs))
                    data.subject_totals[(client, "pull", pull)] = count
            for urge, felt, enacted, in_rupture, seqs in zip(
                urges, c.bits("urges"), c.bits("enacted"), c.bits("in_rupture"), c.seqs("enacted"), strict=True
            ):
                if felt:
                    data.urges.append((client, urge, felt, enacted, in_rupture, seqs))
            for family, count in zip(families, c.bits("families"), strict=True):
                if count:
                    data.subject_totals[(client, "family", family)] = count
            for urge, count in zip(urges, c.bits("enacted"), strict=True):
                if count:
                    data.subject_totals[(client, "urge", urge)] = count
            for trigger, count, seqs in zip(triggers, c.bits("triggers"), c.seqs("triggers"), strict=True):
                if count:
                    data.client_triggers.append((client, trigger, count, seqs))
            for stance, count, seqs in zip(STANCES, c.bits("stances"), c.seqs("stances"), strict=True):
                if count:
                    data.stances.append((client, stance, count, seqs))
            if c.sum("line"):
                data.intensity.append((client, *c.line()))
            coded = [(t.read(row).sum("n"), p) for p, row in groups if p in patterns]
            # Named in findings only when it is how the client was coded in at least half of the sessions.
            if coded and max(coded)[0] * 2 >= n:
                data.client_pattern[client] = max(coded)[1]

        # The caseload: the focal clients' counts, summed here over clients.
        focal_clients = [client for client in combined if focal(client)]
        caseload = t.columns([combined[client] for client in focal_clients])
        data.focal_sessions = caseload.sum("n")
        data.pull_focal = dict(zip(pulls, caseload.totals("pulls"), strict=True))
        data.urge_enacted_focal = dict(zip(urges, caseload.totals("enacted"), strict=True))
        data.trigger_sessions, data.management_sessions = caseload.totals("named")
        data.family_focal = dict(zip(families, caseload.totals("families"), strict=True))
        data.triggers = [
            (trigger, n, clients, caseload.seqs("triggers", i))
            for i, (trigger, n, clients) in enumerate(
                zip(triggers, caseload.totals("triggers"), caseload.nonzero("triggers"), strict=True)
            )
            if n
        ]
        management = zip(bits["management"], caseload.totals("management"), strict=True)
        data.management = sorted(((m, n) for m, n in management if n), key=lambda r: (-r[1], r[0]))
        data.body = {b: n for b, n in zip(body, caseload.totals("body"), strict=True) if n}
        line = _line_sums([t.read(row).line() for row in caseload.rows])
        if line[0]:
            data.intensity.append((None, *line))
        # Every session in the period: the comparison group for per-client findings (the same as the focal
        # sessions unless --client).
        every = t.columns(list(combined.values())) if flt.client else caseload
        data.all_sessions = every.sum("n")
        data.pull_totals = dict(zip(pulls, every.totals("pulls"), strict=True))
        data.enacted_totals = dict(zip(urges, every.totals("enacted"), strict=True))
        data.trigger_totals = dict(zip(triggers, every.totals("triggers"), strict=True))
        data.stance_totals = dict(zip(STANCES, every.totals("stances"), strict=True))

        # Focal sessions by presentation: urges acted on, feeling families.
        for pattern in sorted(by_pattern):
            members = t.columns(by_pattern[pattern])
            in_pattern, pattern_clients = members.sum("n"), len(members.rows)
            data.pattern_sessions[pattern] = in_pattern
            data.pattern_clients[pattern] = pattern_clients
            for i, (urge, n) in enumerate(zip(urges, members.totals("enacted"), strict=True)):
                if n:
                    data.urges_by_pattern.append((pattern, urge, n, pattern_clients, members.seqs("enacted", i)))
            for i, (family, n) in enumerate(zip(families, members.totals("families"), strict=True)):
                if n:
                    data.family_by_pattern.append((pattern, family, n, pattern_clients, members.seqs("families", i)))

        self._events(data, kept.events if kept else self._event_rows(events, rng, rp), analysed, focal_clients,
                     caseload)  # fmt: skip

        # Body sensations with feeling families (focal): grouped by the two bitmasks, then the few distinct
        # combinations are spread over their sensations and families.
        is_focal, fp = ("client = ?", [flt.client]) if flt.client else ("1", [])
        found: dict[tuple[str, str], list[Any]] = {}
        for body_mask, fams, count, seqs in q(
            f"SELECT body, families, count(*), {_concat('1', w)} FROM entry_facts WHERE {rng} AND {is_focal} "
            "AND body != 0 AND families != 0 GROUP BY body, families",
            [*rp, *fp],
        ):
            for i, sensation in enumerate(body):
                if body_mask >> i & 1:
                    for j, family in enumerate(families):
                        if fams >> j & 1:
                            agg = found.setdefault((sensation, family), [0, []])
                            agg[0] += count
                            if seqs:
                                agg[1].append(seqs)
        data.body_family = [(b, f, n, ",".join(parts)) for (b, f), (n, parts) in sorted(found.items())]

        data.ruptures, data.rupture_sessions, data.rupture_urges = (
            kept.ruptures if kept else self._rupture_rows(rng, rp, pk, w)
        )
        if kept:
            mine = [kept.experiments[c] for c in focal_clients if c in kept.experiments]
            planned, awaiting, followed, yes, partly, no = (
                [sum(column) for column in zip(*mine, strict=True)] if mine else [0] * 6
            )
            data.experiments = (planned, awaiting, followed, yes, partly, no, None)
        else:
            data.experiments = self._experiments(rng, rp, flt, w)[0]

        # Open supervision questions: every one still open (however old), for the focal client(s).
        from reflect.store import local_day_start_utc

        until = local_day_start_utc(flt.until + timedelta(days=1)) if flt.until else None
        data.questions = self.supervision_questions(status="open", client=flt.client, until=until)
        return data

    def _kept(self, t: _Tally, columns: str, events: _EventRows, pk: Packer) -> _Kept | None:
        """The whole journal's per-client results, from client_summaries (the scan in pattern_data, tallied by `t`
        over facts `columns`) and client_results (events, ruptures, experiments), after recomputing those of the
        clients whose facts changed since (m051's triggers list them), or of every client when what is kept changed.
        None for a journal that keeps none (an older schema, or a facts table recreated without the triggers)."""
        q = self.db.execute
        kept = q("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entry_facts'").fetchone()
        if kept[0] != 3:
            return None
        layout = "||".join([t.layout(), events.tally.layout(), ",".join(events.groups), _KEPT_RESULTS])
        stored = "SELECT value FROM fact_meta WHERE key = 'summaries'"
        if q("SELECT 1 FROM stale_summaries LIMIT 1").fetchone() or q(stored).fetchone() != (layout,):
            with self.write():
                self._recompute_kept(t, columns, events, pk, layout)
        wide, wide_events = t.widened(), events.tally.widened()
        size = sum(wide._sizes.values())
        rows: list[Sequence[Any]] = [
            (client, pattern, *struct.unpack(f"<{size}I", counts), *json.loads(sums))
            for client, pattern, counts, sums in q(
                "SELECT client, pattern, counts, sums FROM client_summaries ORDER BY client, pattern"
            )
        ]
        results: dict[str, list[tuple[str, Any]]] = {"events": [], "ruptures": [], "experiments": []}
        for kind, client, value in q("SELECT kind, client, value FROM client_results ORDER BY kind, client"):
            results[kind].append((client, json.loads(value)))
        ruptures: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        for client, (types, sessions) in results["ruptures"]:
            ruptures[0].extend((client, *r, None) for r in types)
            for rtype, n, *felt in sessions:
                ruptures[1].append((client, rtype, n))
                ruptures[2].extend(
                    (client, rtype, urge, count, None) for urge, count in zip(fact_bits()["urges"], felt, strict=True)
                    if count
                )  # fmt: skip
        return _Kept(
            tally=wide,
            rows=rows,
            events=_EventRows(events.groups, wide_events, [c for c, _ in results["events"]],
                              [v for _, v in results["events"]]),
            ruptures=ruptures,
            experiments={client: tuple(v) for client, v in results["experiments"]},
        )  # fmt: skip

    def _recompute_kept(self, t: _Tally, columns: str, events: _EventRows, pk: Packer, layout: str) -> None:
        """The stale clients' rows of what _kept keeps (all clients' when the layout changed), in one transaction."""
        q = self.db.execute
        if q("SELECT value FROM fact_meta WHERE key = 'summaries'").fetchone() != (layout,):
            q("INSERT OR IGNORE INTO stale_summaries SELECT DISTINCT client FROM entry_facts")
            q("INSERT OR IGNORE INTO stale_summaries SELECT DISTINCT client FROM client_summaries")
            q("INSERT OR IGNORE INTO stale_summaries SELECT DISTINCT client FROM client_results")
        stale = "client IN (SELECT client FROM stale_summaries)"
        scan = []
        for client, pattern, *values in q(
            f"SELECT client, pattern, {t.sql()} FROM {_facts(columns, '1', [], stale)} GROUP BY client, pattern"
        ):
            counts = t.counts(values)
            scan.append((client, pattern, struct.pack(f"<{len(counts)}I", *counts), json.dumps(t.values(values))))
        results: list[tuple[str, str, str]] = []
        found = self._event_rows(events, "1", [], stale)
        results += [
            ("events", c, json.dumps(found.tally.counts(r))) for c, r in zip(found.clients, found.rows, strict=True)
        ]
        per_client: dict[str, tuple[list[Any], list[Any]]] = {}
        for client, *rest, _ in self._rupture_types("1", [], False, stale):
            per_client.setdefault(client, ([], []))[0].append(rest)
        for client, rtype, n, felt, _ in self._rupture_urge_counts("1", [], pk, stale):
            per_client.setdefault(client, ([], []))[1].append([rtype, n, *felt])
        results += [("ruptures", c, json.dumps(v)) for c, v in per_client.items()]
        results += [("experiments", c, json.dumps(v)) for c, *v in self._experiments("1", [], None, False, stale)]
        q("DELETE FROM client_summaries WHERE client IN (SELECT client FROM stale_summaries)")
        q("DELETE FROM client_results WHERE client IN (SELECT client FROM stale_summaries)")
        self.db.conn.executemany("INSERT INTO client_summaries VALUES (?, ?, ?, ?)", scan)
        self.db.conn.executemany("INSERT INTO client_results VALUES (?, ?, ?)", results)
        q("DELETE FROM stale_summaries")
        q("INSERT OR REPLACE INTO fact_meta (key, value) VALUES ('summaries', ?)", [layout])

    def _experiments(
        self, rng: str, rp: list[Any], flt: EntryFilter | None, w: bool, clients: str | None = None
    ) -> list[tuple[Any, ...]]:
        """Next-session experiments: the client's next entry (in or after the period) says whether it was tried.
        An entry before the period is nobody's next entry, so the scan starts with the period. Planned, awaiting the
        next session, followed up there, tried yes, partly, no (and the rowids): over the focal sessions in one row,
        or per client for `clients` (a condition on the client)."""
        focal, fp = ("client = ?", [flt.client]) if flt and flt.client else (clients or "1", [])
        after, ap = ("AND session_at >= ?", rp[:1]) if flt and flt.since else ("", [])
        per_client = "client, " if clients else ""
        return self.db.execute(
            f"""SELECT {per_client}count(*), coalesce(sum(next_tried IS NULL), 0),
                       coalesce(sum(next_tried != '-'), 0), coalesce(sum(next_tried = 'yes'), 0),
                       coalesce(sum(next_tried = 'partly'), 0), coalesce(sum(next_tried = 'no'), 0)
                       {", group_concat(id)" if w else "" if clients else ", NULL"}
                FROM (SELECT rowid AS id, client, session_at, planned,
                             lead(coalesce(tried, '-')) OVER w AS next_tried
                      FROM entry_facts WHERE {focal} {after}
                      WINDOW w AS (PARTITION BY client ORDER BY session_at))
                WHERE planned AND {rng} {"GROUP BY client" if clients else ""}""",
            [*fp, *ap, *rp],
        ).fetchall()

    def _events_tally(self, pk: Packer, event_groups: dict[str, tuple[str, ...]], w: bool) -> _EventRows:
        """What the events query counts (see _event_rows), with no rows yet."""
        bits = fact_bits()
        masks = {group: _mask("events", events) for group, events in event_groups.items()}
        t = _Tally(pk, w)
        t.bitset("groups", pk.fields([f"events & {m} != 0" for m in masks.values()]), len(masks))
        for group, m in masks.items():
            for column, key in EVENT_COLUMNS.items():
                words = [f"CASE WHEN events & {m} THEN {e} ELSE 0 END" for e in pk.words(column, len(bits[key]))]
                t.bitset(f"{group} {column}", words, len(bits[key]))
            t.seqs(group, [f"events & {m} AND {column} >> {i} & 1" for _, column, i in _event_subjects()])
        return _EventRows([f"{g}={m}" for g, m in masks.items()], t, [], [])

    def _event_rows(self, events: _EventRows, rng: str, rp: list[Any], clients: str = "1") -> _EventRows:
        """The sessions with any event, in one scan, per client: for each event group, its sessions and the pulls
        and feeling families in them."""
        if not events.groups:
            return events
        t = events.tally
        found = _EventRows(events.groups, t, [], [])
        source = _facts("rowid, client, events, pulls, families, enacted", rng, rp, f"events != 0 AND {clients}")
        for row in self.db.execute(f"SELECT client, {t.sql()} FROM {source} GROUP BY client", rp):
            found.clients.append(row[0])
            found.rows.append(row[1:])
        return found

    def _events(
        self,
        data: PatternData,
        events: _EventRows,
        analysed: set[str] | None,
        focal_clients: list[str],
        caseload: _Columns,
    ) -> None:
        """Around session events. Per analysed client and event group: the pulls and feeling families in those
        sessions. Across the focal sessions: per event group, with how many clients each came, against the same
        clients' sessions without the event (`caseload` has the focal clients' counts, in the order of
        `focal_clients`)."""
        bits = fact_bits()
        subjects = _event_subjects()
        slugs = [slug for key in EVENT_COLUMNS.values() for slug in bits[key]]
        t, clients, rows = events.tally, events.clients, events.rows
        w = t.with_entries
        per_client = t.columns(rows)
        at = {client: k for k, client in enumerate(focal_clients)}
        sessions = caseload.values("n")
        for j, group in enumerate(g.split("=")[0] for g in events.groups):
            in_group = per_client.field("groups", j)  # per client, sessions with an event of the group
            for client, row, n in zip(clients, rows, in_group, strict=True):
                if n and (analysed is None or client in analysed):
                    c = t.read(row)
                    data.event_sessions.append((client, group, n))
                    counts = [count for column in EVENT_COLUMNS for count in c.bits(f"{group} {column}")]
                    for (kind, _, _), slug, count, seqs in zip(subjects, slugs, counts, c.seqs(group), strict=True):
                        if count:
                            data.event_subjects.append((client, group, kind, slug, count, seqs))
            chosen = [bool(n) and client in at for client, n in zip(clients, in_group, strict=True)]
            if not any(chosen):
                continue
            # The comparison across clients: the same clients' sessions without the event, so that a difference
            # between clients (one client comes late, and is also the one who overwhelms you) is not read as the
            # event's: those clients' totals, less the event sessions.
            same = [False] * len(focal_clients)
            for client in compress(clients, chosen):
                same[at[client]] = True
            n_group = sum(compress(in_group, chosen))
            data.event_overall[group] = (n_group, sum(chosen), sum(compress(sessions, same)) - n_group)
            for i, ((kind, column, bit), slug) in enumerate(zip(subjects, slugs, strict=True)):
                counts = list(compress(per_client.field(f"{group} {column}", bit), chosen))
                count = sum(counts)
                if count:
                    seqs = _join(*(t.read(row).seqs(group)[i] for row in compress(rows, chosen))) if w else None
                    base = sum(compress(caseload.field(column, bit), same)) - count
                    data.event_subjects_overall.append(
                        (group, kind, slug, count, len(counts) - counts.count(0), seqs, base)
                    )

    def _rupture_rows(
        self, rng: str, rp: list[Any], pk: Packer, w: bool, clients: str = "1"
    ) -> tuple[list[Any], list[Any], list[Any]]:
        """Ruptures (their own table: few rows) joined to the facts for client and period, every client's (or those
        `clients` names): by type, repair and trigger; the sessions with a rupture of each type; the urges felt in
        them."""
        types = self._rupture_types(rng, rp, w, clients)
        sessions: list[tuple[Any, ...]] = []
        urges_felt: list[tuple[Any, ...]] = []
        urges = list(fact_bits()["urges"])
        for client, rtype, n, felt, seqs in self._rupture_urge_counts(rng, rp, pk, clients, w):
            sessions.append((client, rtype, n))
            urges_felt.extend(
                (client, rtype, urge, count, s) for urge, count, s in zip(urges, felt, seqs, strict=True) if count
            )
        return types, sessions, urges_felt

    def _rupture_types(self, rng: str, rp: list[Any], w: bool, clients: str = "1") -> list[tuple[Any, ...]]:
        """Ruptures per client, type, repair and trigger: how many, with metacommunication in how many (rowids)."""
        ruptured = _facts("rowid, entry_id, client", rng, rp, f"ruptured AND {clients}")
        return self.db.execute(
            f"""SELECT f.client, r.type, r.resolved, r.trigger, count(*), sum(r.metacommunication),
                       {"group_concat(DISTINCT f.rowid)" if w else "NULL"}
                FROM {ruptured} f CROSS JOIN ruptures r ON r.entry_id = f.entry_id
                GROUP BY f.client, r.type, r.resolved, r.trigger""",
            rp,
        ).fetchall()

    def _rupture_urge_counts(
        self, rng: str, rp: list[Any], pk: Packer, clients: str = "1", w: bool = False
    ) -> list[tuple[Any, ...]]:
        """Per client and rupture type: the sessions with such a rupture and how many of them had each urge (and
        their rowids)."""
        urges = list(fact_bits()["urges"])
        t = _Tally(pk, w)
        t.bitset("urges", pk.words("urges", len(urges)), len(urges))
        t.sum("n", "count(*)")
        t.seqs("urges", [f"urges >> {i} & 1" for i in range(len(urges))])
        ruptured = _facts("rowid, entry_id, client, urges", rng, rp, f"ruptured AND {clients}")
        out = []
        for row in self.db.execute(
            f"""SELECT client, type, {t.sql()}
                FROM (SELECT DISTINCT f.rowid AS rowid, f.client, f.urges, r.type
                      FROM {ruptured} f CROSS JOIN ruptures r ON r.entry_id = f.entry_id)
                GROUP BY client, type""",
            rp,
        ):
            c = t.read(row[2:])
            out.append((row[0], row[1], c.sum("n"), c.bits("urges"), c.seqs("urges")))
        return out

    # --- views for the terminal report and the prep document --------------------------------------------------------

    def pull_grid(
        self, clients: list[str], flt: EntryFilter, last: int = 12
    ) -> dict[str, list[tuple[int | None, set[str]]]]:
        """For each client, their last `last` sessions in the period (oldest first): session number and pulls."""
        out: dict[str, list[tuple[int | None, set[str]]]] = {c: [] for c in clients}
        rng, rp = self._range(flt)
        names = {i: slug for slug, i in fact_bits()["pulls"].items()}
        for client in clients:
            rows = self.db.execute(
                f"""SELECT e.session_number, f.pulls FROM (
                        SELECT entry_id, session_at, pulls FROM entry_facts WHERE client = ? AND {rng}
                        ORDER BY session_at DESC LIMIT ?) f
                    JOIN entries e ON e.id = f.entry_id ORDER BY f.session_at""",
                [client, *rp, last],
            )
            for number, bits in rows:
                out[client].append((number, {names[i] for i in names if bits >> i & 1}))
        return out

    def intensity_by_week(self, flt: EntryFilter) -> list[tuple[date, int, float | None]]:
        """Sessions per week (weeks start on Monday, local time) with their mean intensity, oldest first."""
        rng, rp = self._range(flt)
        client = " AND client = ?" if flt.client else ""
        # Sessions share their times (a weekly slot), and the local week is the costly part: group by time first.
        # The mean comes out as avg() would have it: a sum of whole numbers over their count.
        rows = self.db.execute(
            f"""SELECT date(at, 'localtime', 'weekday 0', '-6 days') AS week, sum(n), total(rated) / sum(ratings)
                FROM (SELECT session_at AS at, count(*) AS n, sum(intensity) AS rated, count(intensity) AS ratings
                      FROM entry_facts WHERE {rng}{client} GROUP BY session_at)
                GROUP BY week ORDER BY week""",
            [*rp, *([flt.client] if flt.client else [])],
        )
        return [(date.fromisoformat(r[0]), r[1], r[2]) for r in rows]

    def recent_intensity(self, client: str, flt: EntryFilter, last: int = 12) -> list[int | None]:
        rng, rp = self._range(flt)
        rows = self.db.execute(
            f"""SELECT intensity FROM (SELECT session_at, intensity FROM entry_facts WHERE client = ? AND {rng}
                ORDER BY session_at DESC LIMIT ?) ORDER BY session_at""",
            [client, *rp, last],
        )
        return [r[0] for r in rows]
