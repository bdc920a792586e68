"""SQL aggregation for pattern findings. A mixin on `store.Journal`; the decisions live in `patterns.py`.

Every query here groups and counts inside SQLite; Python only receives aggregated rows (one per client, presentation
or event group, never one per entry). To make that fast at 100,000 entries the queries read `entry_facts`: one compact
row per entry with each multi-valued field as a bitmask (bit i = the i-th slug of its vocabulary), so a question such
as "how often did each pull come with each client" is a single scan with `sum(pulls >> i & 1)` per pull. The facts are
derived data: `refresh_facts()` recomputes any row that is missing or older than its entry before every analysis.

Supporting entries come back as `group_concat` of the facts' rowids ("seqs"), resolved to entry ids, oldest first,
only for the findings that are reported.

Two sets of sessions matter (see docs/patterns.md):
- every session in the period: per-client findings compare a client with the *other* clients in the same period;
- the focal sessions (all of them, or one client's with --client): findings about the whole caseload use only these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
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

Seqs = str  # a group_concat of entry_facts rowids, parsed only for reported findings


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
    experiments: list[tuple[str, int, int, int, int, int, int, Seqs]] = field(default_factory=list)
    # client, planned, awaiting next session, followed up, tried yes, partly, no, seqs of planning entries

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


def _bit_sums(column: str, *, concat: bool | None, rowid: str = "rowid") -> list[str]:
    """SQL select expressions: for each slug, sessions with its bit set, then (unless concat is None) its rowids."""
    exprs = []
    name = column.split(".")[-1]
    for i in fact_bits()["urges" if name == "enacted" else name].values():
        test = f"({column} >> {i} & 1)"
        exprs.append(f"sum({test})")
        if concat is not None:
            exprs.append(_concat(test, concat, rowid))
    return exprs


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
        focal = "client = ?" if flt.client else "1"
        fp = [flt.client] if flt.client else []
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
        pulls = list(fact_bits()["pulls"])
        urges = list(fact_bits()["urges"])
        families = list(fact_bits()["families"])
        patterns = [p for p in vocab.slugs("pattern") if p != "unclear"]

        # Per client, over every session in the period: pulls, urges, feeling families, stances, presentation.
        exprs = [
            "client",
            "count(*)",
            "sum(NOT ruptured)",
            *_bit_sums("pulls", concat=w),
            *(
                e
                for u, i in fact_bits()["urges"].items()
                for e in (
                    f"sum(urges >> {i} & 1)",
                    f"sum(enacted >> {i} & 1)",
                    f"sum((urges >> {i} & 1) AND ruptured)",
                    _concat(f"enacted >> {i} & 1", w),
                )
            ),
            *_bit_sums("families", concat=None),
            *(e for s in STANCES for e in (f"sum(stance = '{s}')", _concat(f"stance = '{s}'", w))),
            *(f"sum(pattern = '{p}')" for p in patterns),
            # Intensity against time (days since a fixed reference): sums for a least-squares line.
            "count(intensity)",
            "sum(x)",
            "sum(intensity)",
            "sum(x * x)",
            "sum(x * intensity)",
            "sum(intensity * intensity)",
            "min(x)",
            "max(x)",
        ]
        if flt.client:
            clients = [flt.client]
        among, among_params = "", []
        if clients is not None:
            among = f" AND client IN ({','.join('?' * len(clients))})"
            among_params = list(clients)
        for row in q(
            f"""SELECT {", ".join(exprs)} FROM (SELECT rowid, *,
                    CASE WHEN intensity IS NOT NULL THEN julianday(session_at) - {JULIAN_REFERENCE} END AS x
                    FROM entry_facts WHERE {rng}{among}) GROUP BY client""",
            [*rp, *among_params],
        ):
            client, n, quiet, *rest = row
            line = rest[-8:]
            rest = rest[:-8]
            if line[0]:
                data.intensity.append((client, *line))
            data.sessions[client] = n
            data.unruptured_sessions[client] = quiet
            for i, pull in enumerate(pulls):
                count, seqs = rest[2 * i], rest[2 * i + 1]
                if count:
                    data.pulls.append((client, pull, count, seqs))
                    data.subject_totals[(client, "pull", pull)] = count
            rest = rest[2 * len(pulls) :]
            for i, urge in enumerate(urges):
                felt, enacted, in_rupture, seqs = rest[4 * i : 4 * i + 4]
                if felt:
                    data.urges.append((client, urge, felt, enacted, in_rupture, seqs))
            rest = rest[4 * len(urges) :]
            for i, family in enumerate(families):
                if rest[i]:
                    data.subject_totals[(client, "family", family)] = rest[i]
            rest = rest[len(families) :]
            for i, stance in enumerate(STANCES):
                if rest[2 * i]:
                    data.stances.append((client, stance, rest[2 * i], rest[2 * i + 1]))
            rest = rest[2 * len(STANCES) :]
            counts = [(c, p) for p, c in zip(patterns, rest[: len(patterns)], strict=True) if c]
            # Named in findings only when it is how the client was coded in at least half of the sessions.
            if counts and max(counts)[0] * 2 >= n:
                data.client_pattern[client] = max(counts)[1]
            rest = rest[len(patterns) :]

        # The focal sessions, per client, in one scan: what the caseload findings need (summed over clients here),
        # each client's sessions with each pull and feeling family, and whether each trigger and event group came up
        # at all with the client (for "N clients", and for the event comparison below).
        subjects = [("pull", "pulls", p) for p in pulls] + [("family", "families", f) for f in families]
        group_masks = {group: _mask("events", events) for group, events in event_groups.items()}
        columns: list[tuple[str, str]] = []  # (expression, how to combine across clients)

        def add(expr: str, how: str = "sum") -> int:
            columns.append((expr, how))
            return len(columns) - 1

        n_col = add("count(*)")
        pull_cols = [add(f"sum(pulls >> {i} & 1)") for i in fact_bits()["pulls"].values()]
        enacted_cols = [add(f"sum(enacted >> {i} & 1)") for i in fact_bits()["urges"].values()]
        stance_cols = [add(f"sum(stance = '{st}')") for st in STANCES]
        trig_n, mgmt_n = add("sum(triggers != 0)"), add("sum(management != 0)")
        family_cols = [add(f"sum(families >> {i} & 1)") for i in fact_bits()["families"].values()]
        trigger_cols = [
            (add(f"sum(triggers >> {i} & 1)"), add(_concat(f"triggers >> {i} & 1", w), "concat"),
             add(f"max(triggers >> {i} & 1)", "clients"))
            for i in fact_bits()["triggers"].values()
        ]  # fmt: skip
        management_cols = [add(f"sum(management >> {i} & 1)") for i in fact_bits()["management"].values()]
        body_cols = [add(f"sum(body >> {i} & 1)") for i in fact_bits()["body"].values()]
        line_cols = [add(e) for e in ("count(intensity)", "sum(x)", "sum(intensity)", "sum(x * x)",
                                      "sum(x * intensity)", "sum(intensity * intensity)")]  # fmt: skip
        line_cols += [add("min(x)", "min"), add("max(x)", "max")]
        event_cols = [add(f"max(events & {m} != 0)", "flag") for m in group_masks.values()]
        # Reading the whole table in order and sorting by client is much faster than walking the client index
        # and fetching each row from wherever it lies; with a period, the time index does the narrowing.
        scan = "entry_facts" if rp or flt.client else "entry_facts NOT INDEXED"
        source = (
            f"(SELECT rowid, *, CASE WHEN intensity IS NOT NULL THEN julianday(session_at) - {JULIAN_REFERENCE} END "
            f"AS x FROM {scan} WHERE {rng} AND {focal})"
        )
        combined: list[Any] = [None] * len(columns)
        totals: dict[str, Any] = {}
        had: dict[str, set[str]] = {group: set() for group in group_masks}
        for row in q(f"SELECT client, {', '.join(e for e, _ in columns)} FROM {source} GROUP BY client", [*rp, *fp]):
            client, values = row[0], row[1:]
            totals[client] = (values[n_col], *(values[c] for c in pull_cols), *(values[c] for c in family_cols))
            for j, group in enumerate(group_masks):
                if values[event_cols[j]]:
                    had[group].add(client)
            for k, (_, how) in enumerate(columns):
                v, acc = values[k], combined[k]
                if v is None:
                    continue
                if how in ("sum", "clients"):
                    combined[k] = (acc or 0) + v
                elif how == "concat":
                    combined[k] = v if acc is None else f"{acc},{v}"
                elif how == "min":
                    combined[k] = v if acc is None else min(acc, v)
                elif how == "max":
                    combined[k] = v if acc is None else max(acc, v)
        value = lambda k: combined[k] or 0  # noqa: E731
        data.focal_sessions = value(n_col)
        data.pull_focal = {p: value(c) for p, c in zip(pulls, pull_cols, strict=True)}
        data.urge_enacted_focal = {u: value(c) for u, c in zip(urges, enacted_cols, strict=True)}
        data.trigger_sessions, data.management_sessions = value(trig_n), value(mgmt_n)
        data.family_focal = {f: value(c) for f, c in zip(families, family_cols, strict=True)}
        data.triggers = [
            (t, value(n), value(clients), combined[seqs])
            for t, (n, seqs, clients) in zip(fact_bits()["triggers"], trigger_cols, strict=True)
            if value(n)
        ]
        management = [(m, value(c)) for m, c in zip(fact_bits()["management"], management_cols, strict=True)]
        data.management = sorted(((m, n) for m, n in management if n), key=lambda r: (-r[1], r[0]))
        data.body = {b: value(c) for b, c in zip(fact_bits()["body"], body_cols, strict=True) if value(c)}
        if value(line_cols[0]):
            data.intensity.append((None, *(combined[c] for c in line_cols)))
        # Every session in the period: the comparison group for per-client findings (the same as the focal
        # sessions unless --client).
        if flt.client:
            wanted = ", ".join(columns[c][0] for c in pull_cols + enacted_cols + stance_cols)
            every = q(f"SELECT count(*), {wanted} FROM entry_facts WHERE {rng}", rp).fetchone()
        else:
            every = [value(c) for c in [n_col, *pull_cols, *enacted_cols, *stance_cols]]
        data.all_sessions = every[0] or 0
        data.pull_totals = {p: every[1 + i] or 0 for i, p in enumerate(pulls)}
        data.enacted_totals = {u: every[1 + len(pulls) + i] or 0 for i, u in enumerate(urges)}
        data.stance_totals = {st: every[1 + len(pulls) + len(urges) + i] or 0 for i, st in enumerate(STANCES)}

        # Focal sessions by presentation: urges acted on, feeling families.
        exprs = [
            "pattern",
            "count(*)",
            "count(DISTINCT client)",
            *_bit_sums("enacted", concat=w),
            *_bit_sums("families", concat=w),
        ]
        for row in q(
            f"SELECT {', '.join(exprs)} FROM entry_facts WHERE {rng} AND {focal} AND pattern IS NOT NULL "
            "GROUP BY pattern",
            [*rp, *fp],
        ):
            pattern, in_pattern, pattern_clients, *counts = row
            data.pattern_sessions[pattern] = in_pattern
            data.pattern_clients[pattern] = pattern_clients
            for i, urge in enumerate(urges):
                if counts[2 * i]:
                    data.urges_by_pattern.append((pattern, urge, counts[2 * i], pattern_clients, counts[2 * i + 1]))
            counts = counts[2 * len(urges) :]
            for i, family in enumerate(families):
                if counts[2 * i]:
                    data.family_by_pattern.append((pattern, family, counts[2 * i], pattern_clients, counts[2 * i + 1]))

        # Around session events. Per analysed client and event group: the pulls and feeling families in those
        # sessions. Across the focal sessions: one row per event group, with how many clients each came with.
        per_client = ["client", "count(*)", *_bit_sums("pulls", concat=w), *_bit_sums("families", concat=w)]
        overall = [
            "count(*)",
            "count(DISTINCT client)",
            *(
                e
                for _, column, slug in subjects
                for e in (
                    f"sum({column} >> {fact_bits()[column][slug]} & 1)",
                    f"count(DISTINCT CASE WHEN {column} >> {fact_bits()[column][slug]} & 1 THEN client END)",
                    _concat(f"{column} >> {fact_bits()[column][slug]} & 1", w),
                )
            ),
        ]
        for group, mask in group_masks.items():
            for row in q(
                f"SELECT {', '.join(per_client)} FROM entry_facts WHERE {rng}{among} AND events & ? GROUP BY client",
                [*rp, *among_params, mask],
            ):
                client, n, *rest = row
                data.event_sessions.append((client, group, n))
                for i, (kind, _, slug) in enumerate(subjects):
                    if rest[2 * i]:
                        data.event_subjects.append((client, group, kind, slug, rest[2 * i], rest[2 * i + 1]))
            in_group, group_clients, *sums = q(
                f"SELECT {', '.join(overall)} FROM entry_facts WHERE {rng} AND {focal} AND events & ?", [*rp, *fp, mask]
            ).fetchone()
            if in_group:
                data.event_overall[group] = (in_group, group_clients, 0)
                for i, (kind, _, slug) in enumerate(subjects):
                    if sums[3 * i]:
                        data.event_subjects_overall.append(
                            (group, kind, slug, sums[3 * i], sums[3 * i + 1], sums[3 * i + 2], 0)
                        )
        if data.event_overall:
            # The comparison across clients: the same clients' sessions without the event, so that a difference
            # between clients (one client comes late, and is also the one who overwhelms you) is not read as the
            # event's: the per-client totals above, less the event sessions.
            index = {(kind, slug): i for i, (kind, _, slug) in enumerate(subjects)}
            for group, (in_group, group_clients, _) in list(data.event_overall.items()):
                same = [totals[c] for c in had[group]]
                data.event_overall[group] = (in_group, group_clients, sum(t[0] for t in same) - in_group)
            data.event_subjects_overall = [
                (g, kind, slug, count, clients, seqs, sum(totals[c][1 + index[(kind, slug)]] for c in had[g]) - count)
                for g, kind, slug, count, clients, seqs, _ in data.event_subjects_overall
            ]

        # Body sensations with feeling families (focal): grouped by the two bitmasks, then the few distinct
        # combinations are spread over their sensations and families.
        pairs: dict[tuple[str, str], list[Any]] = {}
        body_names = list(fact_bits()["body"])
        for body, fams, count, seqs in q(
            f"SELECT body, families, count(*), {_concat('1', w)} FROM entry_facts WHERE {rng} AND {focal} "
            "AND body != 0 AND families != 0 GROUP BY body, families",
            [*rp, *fp],
        ):
            for i, sensation in enumerate(body_names):
                if body >> i & 1:
                    for j, family in enumerate(families):
                        if fams >> j & 1:
                            agg = pairs.setdefault((sensation, family), [0, []])
                            agg[0] += count
                            if seqs:
                                agg[1].append(seqs)
        data.body_family = [(b, f, n, ",".join(parts)) for (b, f), (n, parts) in sorted(pairs.items())]

        # Ruptures (their own table: few rows) joined to the facts for client and period.
        f_rng = rng.replace("session_at", "f.session_at")
        rj = f"FROM ruptures r JOIN entry_facts f ON f.entry_id = r.entry_id WHERE {f_rng}"
        data.ruptures = [
            tuple(r)
            for r in q(
                f"""SELECT f.client, r.type, r.resolved, r.trigger, count(*), sum(r.metacommunication),
                           {"group_concat(DISTINCT f.rowid)" if w else "NULL"} {rj}
                    GROUP BY f.client, r.type, r.resolved, r.trigger""",
                rp,
            )
        ]
        data.rupture_sessions = [
            tuple(r) for r in q(f"SELECT f.client, r.type, count(DISTINCT f.rowid) {rj} GROUP BY f.client, r.type", rp)
        ]
        exprs = ["f.client", "t.type", *_bit_sums("f.urges", concat=w, rowid="f.rowid")]
        for row in q(
            f"""SELECT {", ".join(exprs)} FROM (SELECT DISTINCT entry_id, type FROM ruptures) t
                JOIN entry_facts f ON f.entry_id = t.entry_id WHERE {rng.replace("session_at", "f.session_at")}
                GROUP BY f.client, t.type""",
            rp,
        ):
            client, rtype, *rest = row
            for i, urge in enumerate(urges):
                if rest[2 * i]:
                    data.rupture_urges.append((client, rtype, urge, rest[2 * i], rest[2 * i + 1]))

        # Next-session experiments: the client's next entry (in or after the period) says whether it was tried.
        data.experiments = [
            tuple(r)
            for r in q(
                f"""SELECT client, count(*), sum(next_id IS NULL), sum(next_tried IS NOT NULL), sum(next_tried = 'yes'),
                           sum(next_tried = 'partly'), sum(next_tried = 'no'), {"group_concat(id)" if w else "NULL"}
                    FROM (SELECT rowid AS id, client, session_at, planned, lead(rowid) OVER w AS next_id,
                                 lead(tried) OVER w AS next_tried
                          FROM entry_facts WHERE {focal} WINDOW w AS (PARTITION BY client ORDER BY session_at))
                    WHERE planned AND {rng} GROUP BY client""",
                [*fp, *rp],
            )
        ]

        # Open supervision questions: every one still open (however old), for the focal client(s).
        from reflect.store import local_day_start_utc

        until = local_day_start_utc(flt.until + timedelta(days=1)) if flt.until else None
        data.questions = self.supervision_questions(status="open", client=flt.client, until=until)
        return data

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
        rows = self.db.execute(
            f"""SELECT date(session_at, 'localtime', 'weekday 0', '-6 days') AS week, count(*), avg(intensity)
                FROM entry_facts WHERE {rng}{client} GROUP BY week ORDER BY week""",
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
