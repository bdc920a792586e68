"""SQL aggregation for pattern findings: the repository `journal.patterns`; the decisions live in `patterns.py`.

Every query here groups and counts inside SQLite; Python only receives aggregated rows (one per client, presentation
or event group, never one per entry). To make that fast at 100,000 entries the queries read `entry_facts`: one compact
row per entry with each multi-valued field as a bitmask (bit i = the i-th slug of its vocabulary), so a question such
as "how often did each pull come with each client" is one scan grouped by client. The bits are counted several at a
time (see Packer), and one scan per period answers what every client's findings, the caseload's and each
presentation's need. The facts are derived data: `refresh_facts()` recomputes any row that is missing or older than its
entry before every analysis. For the whole journal, the per-client rows of that scan are kept in `client_summaries`
and recomputed only for clients whose facts changed (store/kept_patterns.py).

Supporting entries come back as `group_concat` of the facts' rowids ("seqs"), resolved to entry ids, oldest first,
only for the findings that are reported.

Two sets of sessions matter (see docs/patterns.md):
- every session in the period: per-client findings compare a client with the *other* clients in the same period;
- the focal sessions (all of them, or one client's with --client): findings about the whole caseload use only these.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from itertools import accumulate, compress
from typing import TYPE_CHECKING, Any

from reflect.domain import vocab
from reflect.domain.vocab import STANCES
from reflect.store.facts import fact_bits, mask, vocab_signature
from reflect.store.kept_patterns import KeptPatternResults
from reflect.store.tally import (
    EVENT_COLUMNS,
    Packer,
    _Columns,
    _concat,
    _event_subjects,
    _EventRows,
    _facts,
    _join,
    _line_sums,
    _Tally,
    period_facts,
    scan_tally,
)
from reflect.store.trends import period_range

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.domain.entry_filter import EntryFilter
    from reflect.domain.rows import PatternData, SessionFlags


class PatternQueries(KeptPatternResults):
    """The journal's pattern repository (`journal.patterns`): the facts' upkeep and the analysis rows."""

    def __init__(
        self,
        db: Database,
        write: Callable[[], AbstractContextManager[None]],
        open_questions: Callable[..., list[dict[str, Any]]],
    ) -> None:
        self.db = db
        self.write = write
        self.supervision_questions = open_questions  # the supervision repository's reader, with its filters

    # --- keeping entry_facts in step -------------------------------------------------------------------------------

    def refresh_facts(self) -> int:
        """Recompute the facts of every entry whose row is missing or stale; all of them if the vocabulary changed.

        Returns how many rows were written. Cheap when nothing changed (two kept counts, the ends of two indexes).
        """
        row = self.db.execute("SELECT value FROM fact_meta WHERE key = 'vocabulary'").fetchone()
        rebuild = row is None or row[0] != vocab_signature()
        if not rebuild:
            # The usual case, in a millisecond whatever the journal's size: the same number of rows on both sides
            # (kept by m071's triggers) and the same latest change (the end of each table's updated_at index).
            counts = dict(self.db.execute("SELECT name, n FROM row_counts").fetchall())
            latest = "SELECT max(updated_at) FROM {}"
            if counts.get("entries", -1) == counts.get("entry_facts", -2) and (
                self.db.execute(latest.format("entries")).fetchone()
                == self.db.execute(latest.format("entry_facts")).fetchone()
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
        rng, rp = period_range(flt)
        # One client up to a day (the impact of supervision asks it of each client a meeting worked on): only the
        # client's sessions are read; the other clients count only in the comparison totals, the kept whole-journal
        # totals less the sessions since the day (None without kept results: every session is read).
        to_day = self._totals_to_day(rp[0], event_groups) if flt.client and rp and not flt.since else None
        mine, mp = ("client = ?", [*rp, flt.client]) if to_day else ("1", rp)
        from reflect.domain.rows import PatternData  # the row shapes load only for an analysis

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
                    q(
                        f"SELECT rowid, entry_id FROM entry_facts WHERE {rng} AND {mine} ORDER BY session_at, entry_id",
                        mp,
                    )
                )
            }
        bits = fact_bits()
        pulls, urges, families = list(bits["pulls"]), list(bits["urges"]), list(bits["families"])
        triggers, body = list(bits["triggers"]), list(bits["body"])
        patterns = [p for p in vocab.slugs("pattern") if p != "unclear"]
        focal = (lambda c: c == flt.client) if flt.client else (lambda c: True)  # noqa: E731
        analysed = {flt.client} if flt.client else set(clients) if clients is not None else None
        # No sum below is over more than one client's sessions in the period: the busiest client sets the packing.
        sessions = period_facts("client", rng, rp, mine)
        busiest = q(f"SELECT count(*) AS n FROM {sessions} GROUP BY client ORDER BY n DESC LIMIT 1", mp).fetchone()
        pk = Packer(busiest[0] if busiest else 0)

        # One scan of every session in the period, per client and presentation: each client's counts, the caseload's
        # (the focal clients' summed here) and each presentation's (summed over the focal clients).
        t, columns = scan_tally(pk, w)
        # One client's rows in the time index's order, as the scan of every client's reads them (the line's sums).
        source = _facts(columns, rng, rp, mine, order="session_at, intensity, rowid" if to_day else "")
        events = self._events_tally(pk, event_groups, w)
        # The whole journal: the same rows (and those of the queries below), kept per client and recomputed only for
        # the clients whose sessions changed.
        kept = None if rp or w else self._kept(t, columns, events, pk)
        if kept is not None:
            t, rows = kept.tally, kept.rows
        else:
            rows = q(f"SELECT client, pattern, {t.sql()} FROM {source} GROUP BY client, pattern", mp).fetchall()
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
        totals = to_day or {name: every.totals(name) for name in ("pulls", "enacted", "triggers", "stances")}
        data.all_sessions = to_day["n"][0] if to_day else every.sum("n")
        data.pull_totals = dict(zip(pulls, totals["pulls"], strict=True))
        data.enacted_totals = dict(zip(urges, totals["enacted"], strict=True))
        data.trigger_totals = dict(zip(triggers, totals["triggers"], strict=True))
        data.stance_totals = dict(zip(STANCES, totals["stances"], strict=True))

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

        self._events(data, kept.events if kept else self._event_rows(events, rng, mp, mine), analysed, focal_clients,
                     caseload)  # fmt: skip

        # Body sensations with feeling families (focal): grouped by the two bitmasks, then the few distinct
        # combinations are spread over their sensations and families.
        is_focal, fp = ("client = ?", [flt.client]) if flt.client else ("1", [])
        found: dict[tuple[str, str], list[Any]] = {}
        # A period through the time index (and the two masks tested on its rows); the whole journal through the
        # partial index of the sessions that name both.
        named = "body != 0 AND families != 0"
        source = period_facts("rowid, body, families", rng, rp, is_focal if rp else f"{is_focal} AND {named}")
        for body_mask, fams, count, seqs in q(
            f"SELECT body, families, count(*), {_concat('1', w)} FROM {source} WHERE {named} GROUP BY body, families",
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
            kept.ruptures if kept else self._rupture_rows(rng, mp, pk, w, mine)
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
        from reflect.domain.dates import local_day_start_utc

        until = local_day_start_utc(flt.until + timedelta(days=1)) if flt.until else None
        data.questions = self.supervision_questions(status="open", client=flt.client, until=until)
        return data

    def _totals_to_day(self, end: str, event_groups: dict[str, tuple[str, ...]]) -> dict[str, list[int]] | None:
        """Every client's sessions before `end` (a stored time), counted as the comparison totals of pattern_data
        (sessions "n"; pulls, urges acted on, triggers and stances by bit): the kept whole-journal results, brought
        up to date, less the sessions from `end` on, read through the time index. None without kept results.

        With a client's findings nothing else of the other clients is compared (their ruptures and events only count
        in findings about the caseload or about them), so the journal before the day is never read."""
        q = self.db.execute
        if not self._keeps_results():
            return None
        self.refresh_kept_results(event_groups)
        # Each kept row's counts: every bit set's counts in order, as little-endian 32-bit integers (kept_patterns).
        t, columns = scan_tally(Packer(0), False)
        sizes = t.bit_sets()
        blobs = b"".join(r[0] for r in q("SELECT counts FROM client_summaries"))
        rows = list(struct.iter_unpack(f"<{sum(sizes.values())}I", blobs))
        whole = [sum(c) for c in zip(*rows, strict=True)] if rows else None
        offsets = dict(zip(sizes, accumulate([0, *sizes.values()]), strict=False))
        names = ("pulls", "enacted", "triggers", "stances")
        totals = {n: whole[offsets[n] : offsets[n] + sizes[n]] if whole else [0] * sizes[n] for n in names}
        since = q("SELECT count(*) FROM entry_facts WHERE session_at >= ?", [end]).fetchone()[0]
        if since:
            t, _ = scan_tally(Packer(since), False)  # one sum over every client: the packing holds them all
            tail = t.read(q(f"SELECT {t.sql()} FROM {_facts(columns, 'session_at >= ?', [end])}", [end]).fetchone())
            totals = {name: [a - b for a, b in zip(totals[name], tail.bits(name), strict=True)] for name in names}
        every = q("SELECT n FROM row_counts WHERE name = 'entry_facts'").fetchone()[0]
        return {**totals, "n": [every - since]}

    def _experiments(
        self, rng: str, rp: list[Any], flt: EntryFilter | None, w: bool, clients: str | None = None
    ) -> list[tuple[Any, ...]]:
        """Next-session experiments: the client's next entry (in or after the period) says whether it was tried.
        An entry before the period is nobody's next entry, so the scan starts with the period (through the time
        index). Two sessions of a client at the same time follow each other in the client index's order, as they did
        when that index served this scan. Planned, awaiting the next session, followed up there, tried yes, partly,
        no (and the rowids): over the focal sessions in one row, or per client for `clients` (a condition on the
        client)."""
        focal, fp = ("client = ?", [flt.client]) if flt and flt.client else (clients or "1", [])
        after, ap = ("AND session_at >= ?", rp[:1]) if flt and flt.since else ("", [])
        per_client = "client, " if clients else ""
        rows = period_facts("rowid AS id, client, session_at, planned, tried", "1", ap, f"{focal} {after}")
        return self.db.execute(
            f"""SELECT {per_client}count(*), coalesce(sum(next_tried IS NULL), 0),
                       coalesce(sum(next_tried != '-'), 0), coalesce(sum(next_tried = 'yes'), 0),
                       coalesce(sum(next_tried = 'partly'), 0), coalesce(sum(next_tried = 'no'), 0)
                       {", group_concat(id)" if w else "" if clients else ", NULL"}
                FROM (SELECT id, client, session_at, planned, lead(coalesce(tried, '-')) OVER w AS next_tried
                      FROM {rows}
                      WINDOW w AS (PARTITION BY client ORDER BY session_at, planned, tried, id))
                WHERE planned AND {rng} {"GROUP BY client" if clients else ""}""",
            [*fp, *ap, *rp],
        ).fetchall()

    def _events_tally(self, pk: Packer, event_groups: dict[str, tuple[str, ...]], w: bool) -> _EventRows:
        """What the events query counts (see _event_rows), with no rows yet."""
        bits = fact_bits()
        masks = {group: mask("events", events) for group, events in event_groups.items()}
        t = _Tally(pk, w)
        t.bitset("groups", pk.fields([f"events & {m} != 0" for m in masks.values()]), len(masks))
        for group, m in masks.items():
            for column, key in EVENT_COLUMNS.items():
                words = [f"CASE WHEN events & {m} THEN {e} ELSE 0 END" for e in pk.words(column, len(bits[key]))]
                t.bitset(f"{group} {column}", words, len(bits[key]))
            t.seqs(group, [f"events & {m} AND {column} >> {i} & 1" for _, column, i in _event_subjects()])
        return _EventRows([f"{g}={m}" for g, m in masks.items()], t, [], [])

    def _event_rows(
        self, events: _EventRows, rng: str, rp: list[Any], clients: str = "1", *, indexed: bool = False
    ) -> _EventRows:
        """The sessions with any event, in one scan, per client: for each event group, its sessions and the pulls
        and feeling families in them."""
        if not events.groups:
            return events
        t = events.tally
        found = _EventRows(events.groups, t, [], [])
        source = _facts(
            "rowid, client, events, pulls, families, enacted", rng, rp, f"events != 0 AND {clients}", indexed=indexed
        )
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

    def _rupture_types(
        self, rng: str, rp: list[Any], w: bool, clients: str = "1", *, indexed: bool = False
    ) -> list[tuple[Any, ...]]:
        """Ruptures per client, type, repair and trigger: how many, with metacommunication in how many (rowids)."""
        ruptured = _facts("rowid, entry_id, client", rng, rp, f"ruptured AND {clients}", indexed=indexed)
        return self.db.execute(
            f"""SELECT f.client, r.type, r.resolved, r.trigger, count(*), sum(r.metacommunication),
                       {"group_concat(DISTINCT f.rowid)" if w else "NULL"}
                FROM {ruptured} f CROSS JOIN ruptures r ON r.entry_id = f.entry_id
                GROUP BY f.client, r.type, r.resolved, r.trigger""",
            rp,
        ).fetchall()

    def _rupture_urge_counts(
        self, rng: str, rp: list[Any], pk: Packer, clients: str = "1", w: bool = False, *, indexed: bool = False
    ) -> list[tuple[Any, ...]]:
        """Per client and rupture type: the sessions with such a rupture and how many of them had each urge (and
        their rowids)."""
        urges = list(fact_bits()["urges"])
        t = _Tally(pk, w)
        t.bitset("urges", pk.words("urges", len(urges)), len(urges))
        t.sum("n", "count(*)")
        t.seqs("urges", [f"urges >> {i} & 1" for i in range(len(urges))])
        ruptured = _facts("rowid, entry_id, client, urges", rng, rp, f"ruptured AND {clients}", indexed=indexed)
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

    def session_flags(self, flt: EntryFilter, event: str, urges: tuple[str, ...]) -> list[SessionFlags]:
        """The period's sessions (for --client: that client's) in which `event` was logged, one of `urges` was acted
        on, or a rupture was not resolved, oldest first. From the facts rows through the time index: the sessions
        without any of them cost a row each, never their entries' child rows."""
        from reflect.domain.rows import SessionFlags

        self.refresh_facts()
        rng, rp = period_range(flt)
        focal, fp = ("client = ?", [flt.client]) if flt.client else ("1", [])
        risk, acted = mask("events", [event]), mask("urges", urges)
        names = [(1 << bit, slug) for slug, bit in fact_bits()["urges"].items() if acted >> bit & 1]
        source = period_facts("entry_id, client, session_at, events, enacted, ruptured", rng, rp, focal)
        rows = self.db.execute(
            f"""SELECT client, session_at, events & {risk} != 0, enacted & {acted},
                       ruptured AND EXISTS (SELECT 1 FROM ruptures r
                                            WHERE r.entry_id = f.entry_id AND r.resolved = 'no') AS unresolved
                FROM {source} f
                WHERE events & {risk} OR enacted & {acted} OR unresolved
                ORDER BY session_at""",
            [*rp, *fp],
        )
        return [
            SessionFlags(
                client, at, bool(disclosed), tuple(slug for bit, slug in names if bits & bit), bool(unresolved)
            )
            for client, at, disclosed, bits, unresolved in rows
        ]
