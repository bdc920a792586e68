"""The whole journal's per-client pattern results, kept in the journal so that a report on the whole journal need not
read every session again: the rows of pattern_data's scan per client and presentation (`client_summaries`, m051) and
the client's sessions around events, ruptures and experiments (`client_results`, m052). m051's triggers on
`entry_facts` list the clients whose sessions changed, however they changed; their rows are recomputed from their
sessions alone (through the client index when they are few), by the import that wrote them (in its own transaction)
or else by the next report. A base of PatternQueries (`journal.patterns`), whose queries it reuses."""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reflect.store.facts import fact_bits
from reflect.store.tally import _KEPT_RESULTS, Packer, _EventRows, _facts, _Kept, _Tally, scan_tally

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reflect.domain.entry_filter import EntryFilter


RECOMPUTE_BATCH = 200  # clients recomputed together: memory for a batch's rows, one index search per client


class KeptPatternResults:
    db: Database

    if TYPE_CHECKING:  # provided by PatternQueries

        def write(self) -> Any: ...

        def _events_tally(self, pk: Packer, event_groups: dict[str, tuple[str, ...]], w: bool) -> _EventRows: ...

        def _event_rows(
            self, events: _EventRows, rng: str, rp: list[Any], clients: str = "1", *, indexed: bool = False
        ) -> _EventRows: ...

        def _rupture_types(
            self, rng: str, rp: list[Any], w: bool, clients: str = "1", *, indexed: bool = False
        ) -> list[tuple[Any, ...]]: ...

        def _rupture_urge_counts(
            self, rng: str, rp: list[Any], pk: Packer, clients: str = "1", w: bool = False, *, indexed: bool = False
        ) -> list[tuple[Any, ...]]: ...

        def _experiments(
            self, rng: str, rp: list[Any], flt: EntryFilter | None, w: bool, clients: str | None = None
        ) -> list[tuple[Any, ...]]: ...

    def _kept(self, t: _Tally, columns: str, events: _EventRows, pk: Packer) -> _Kept | None:
        """The whole journal's per-client results, from client_summaries (the scan in pattern_data, tallied by `t`
        over facts `columns`) and client_results (events, ruptures, experiments), after recomputing those of the
        clients whose facts changed since (m051's triggers list them), or of every client when what is kept changed.
        None for a journal that keeps none (an older schema, or a facts table recreated without the triggers)."""
        q = self.db.execute
        if not self._keeps_results():
            return None
        layout = _kept_layout(t, events)
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

    def _keeps_results(self) -> bool:
        """Whether the journal keeps per-client results: m051's triggers list the clients whose facts changed."""
        return (
            self.db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entry_facts' "
                "AND name IN ('entry_facts_insert', 'entry_facts_delete', 'entry_facts_update')"
            ).fetchone()[0]
            == 3
        )

    def refresh_kept_results(self, event_groups: dict[str, tuple[str, ...]]) -> None:
        """Recompute the kept whole-journal results of the clients whose sessions changed (see _kept), inside the
        caller's transaction if there is one; nothing is written, and no lock taken, when none changed. An import
        calls it for the clients it wrote, so the first whole-journal report after it has nothing left to recompute
        (it paused there for the whole import before)."""
        q = self.db.execute
        if not self._keeps_results():
            return
        t, _ = scan_tally(Packer(0), False)  # the layout does not depend on the packing
        layout = _kept_layout(t, self._events_tally(Packer(0), event_groups, False))
        stored = "SELECT value FROM fact_meta WHERE key = 'summaries'"
        if q(stored).fetchone() == (layout,) and not q("SELECT 1 FROM stale_summaries LIMIT 1").fetchone():
            return
        with self.write():  # what changed is read again under the lock: another process may have written since
            # The packing holds the busiest client recomputed (stored counts are plain integers): every client when
            # what is kept changed, else the stale ones.
            clients = "client IN (SELECT client FROM stale_summaries)" if q(stored).fetchone() == (layout,) else "1"
            busiest = q(
                f"SELECT count(*) AS n FROM entry_facts WHERE {clients} GROUP BY client ORDER BY n DESC LIMIT 1"
            ).fetchone()
            pk = Packer(busiest[0] if busiest else 0)
            t, columns = scan_tally(pk, False)
            self._recompute_kept(t, columns, self._events_tally(pk, event_groups, False), pk, layout)

    def _recompute_kept(self, t: _Tally, columns: str, events: _EventRows, pk: Packer, layout: str) -> None:
        """The stale clients' rows of what _kept keeps (all clients' when the layout changed), in one transaction,
        RECOMPUTE_BATCH clients at a time: an import of 100,000 entries for 2,000 clients recomputes them all, and
        doing so in one pass held every client's rows and SQLite's sort of the whole table at once (memory grew with
        the journal: 42 MB more at 100,000 entries); a batch's clients are found through the client index."""
        q = self.db.execute
        if q("SELECT value FROM fact_meta WHERE key = 'summaries'").fetchone() != (layout,):
            q("INSERT OR IGNORE INTO stale_summaries SELECT DISTINCT client FROM entry_facts")
            q("INSERT OR IGNORE INTO stale_summaries SELECT DISTINCT client FROM client_summaries")
            q("INSERT OR IGNORE INTO stale_summaries SELECT DISTINCT client FROM client_results")
        q("CREATE TEMP TABLE IF NOT EXISTS kept_batch (client TEXT PRIMARY KEY)")
        while True:
            q("DELETE FROM temp.kept_batch")
            q(
                "INSERT INTO temp.kept_batch SELECT client FROM stale_summaries ORDER BY client LIMIT ?",
                [RECOMPUTE_BATCH],
            )
            if not q("SELECT 1 FROM temp.kept_batch LIMIT 1").fetchone():
                break
            self._recompute_batch(t, columns, events, pk)
            q("DELETE FROM stale_summaries WHERE client IN (SELECT client FROM temp.kept_batch)")
        q("INSERT OR REPLACE INTO fact_meta (key, value) VALUES ('summaries', ?)", [layout])

    def _recompute_batch(self, t: _Tally, columns: str, events: _EventRows, pk: Packer) -> None:
        """What _kept keeps for the clients in temp.kept_batch: their sessions through the client index, put in table
        order (the order a whole-journal scan adds them in, to the last digit of a sum)."""
        q = self.db.execute
        batch = "client IN (SELECT client FROM temp.kept_batch)"
        scan = []
        for client, pattern, *values in q(
            f"SELECT client, pattern, {t.sql()} FROM {_facts(columns, '1', [], batch, indexed=True)} "
            "GROUP BY client, pattern"
        ):
            counts = t.counts(values)
            scan.append((client, pattern, struct.pack(f"<{len(counts)}I", *counts), json.dumps(t.values(values))))
        results: list[tuple[str, str, str]] = []
        found = self._event_rows(events, "1", [], batch, indexed=True)
        results += [
            ("events", c, json.dumps(found.tally.counts(r))) for c, r in zip(found.clients, found.rows, strict=True)
        ]
        per_client: dict[str, tuple[list[Any], list[Any]]] = {}
        for client, *rest, _ in self._rupture_types("1", [], False, batch, indexed=True):
            per_client.setdefault(client, ([], []))[0].append(rest)
        for client, rtype, n, felt, _ in self._rupture_urge_counts("1", [], pk, batch, indexed=True):
            per_client.setdefault(client, ([], []))[1].append([rtype, n, *felt])
        results += [("ruptures", c, json.dumps(v)) for c, v in per_client.items()]
        results += [("experiments", c, json.dumps(v)) for c, *v in self._experiments("1", [], None, False, batch)]
        q(f"DELETE FROM client_summaries WHERE {batch}")
        q(f"DELETE FROM client_results WHERE {batch}")
        self.db.conn.executemany("INSERT INTO client_summaries VALUES (?, ?, ?, ?)", scan)
        self.db.conn.executemany("INSERT INTO client_results VALUES (?, ?, ?)", results)


def _kept_layout(t: _Tally, events: _EventRows) -> str:
    """What the kept results hold: a change to it recomputes every client's."""
    return "||".join([t.layout(), events.tally.layout(), ",".join(events.groups), _KEPT_RESULTS])
