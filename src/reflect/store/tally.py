"""The counting machinery under the pattern queries: `entry_facts` bitmasks, the Packer that counts several bits per
SQL sum, and the tallies that read the packed sums back (store/patterns.py explains the design)."""

from __future__ import annotations

import operator
import struct
import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from reflect.domain.vocab import STANCES
from reflect.store.facts import fact_bits, vocab_signature

if TYPE_CHECKING:
    from reflect.domain.rows import Seqs

    pass

JULIAN_REFERENCE = 2460000.5  # 2023-02-24: subtracted from julianday() so sums of squares keep their precision


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


def _facts(columns: str, rng: str, rp: list[Any], where: str = "1", *, indexed: bool = False, order: str = "") -> str:
    """A subquery of the period's facts rows. For a period the time index narrows them down; for the whole journal,
    reading the table in order is much faster than walking an index and fetching each row from wherever it lies
    (unless `indexed`: `where` names a few clients, whose sessions the client index finds, then put in table order).
    LIMIT -1 keeps SQLite from folding the subquery into an outer GROUP BY, where it would walk the client index
    that way (and compute an expression such as x once per use). `order` puts the rows in the order another way of
    reading them would give: sums of fractional days depend on the order they are added in, to the last digit."""
    scan = "entry_facts" if rp or indexed else "entry_facts NOT INDEXED"
    order = order or ("rowid" if indexed else "")
    return f"(SELECT {columns} FROM {scan} WHERE {rng} AND {where}{f' ORDER BY {order}' if order else ''} LIMIT -1)"


def period_facts(columns: str, rng: str, rp: list[Any], where: str = "1") -> str:
    """The facts rows of a period, as a subquery to read FROM. With no index statistics SQLite walks a whole covering
    index (the client index, for a GROUP BY client) rather than a period's range of the time index, so a period's
    rows cost as much as the whole journal's; LIMIT -1 keeps the subquery apart, where the range is the only way in
    (or the client index, for one client). For the whole journal (no range) the plain subquery is folded into the
    caller's query and read as before."""
    return f"(SELECT {columns} FROM entry_facts WHERE {rng} AND {where}{' LIMIT -1' if rp else ''})"


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

    def bit_sets(self) -> dict[str, int]:
        """Each bit set's name and number of bits, in order (how `counts` lays out a row)."""
        return dict(self._sizes)

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
    """The whole journal's per-client results kept in the journal (see PatternQueries._kept)."""

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


def scan_tally(pk: Packer, w: bool) -> tuple[_Tally, str]:
    """What the one scan in pattern_data counts per client and presentation, and the facts columns it reads (the same
    for a period and for the kept whole-journal rows)."""
    bits = fact_bits()
    urges = list(bits["urges"])
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
    for column, kind in (("pulls", "pulls"), ("enacted", "urges"), ("families", "families"), ("triggers", "triggers")):
        size = len(bits[kind])
        t.seqs(column, [f"{column} >> {i} & 1" for i in range(size)])
    t.seqs("stances", [f"stance = '{s}'" for s in STANCES])
    x = f"CASE WHEN intensity IS NOT NULL THEN julianday(session_at) - {JULIAN_REFERENCE} END AS x"
    columns = (
        "rowid, client, pattern, ruptured, stance, intensity, pulls, urges, enacted, families, triggers, "
        f"management, body, {x}"
    )
    return t, columns
