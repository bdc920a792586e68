"""The floors: what Python's `json` and SQLite alone need to move the same entries in and out of a journal.

    python bench/floors.py import FILE JOURNAL   # json.load FILE, then executemany every row in one transaction
    python bench/floors.py export JOURNAL OUT    # read the same rows back and dump them as JSON, one entry a line

JOURNAL is a real reflect journal (for `import`: an empty one that reflect created, so the schema, indexes, triggers and
the FTS5 table are exactly the ones `reflect import` writes into). Nothing here imports reflect: the floor is the
standard library and SQLite, so the ratio `reflect import / floor import` is what reflect adds on top of them
(validation, merging by id, derived rows, its own start-up). The rows are the same rows reflect writes: the entry, its
child rows, ruptures and questions, the facts row (its bit masks as zeros: storing a different integer costs the
same) and one full-text row per entry. Validation, the vocabulary and merging are deliberately left out: they are
what the ratio measures.

bench/floor_ratios.py runs these side by side with reflect and reports the ratios; this file is timed as a whole
process (start-up included), like the reflect commands it is held against.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict
from typing import Any

LISTS = {  # JSON list member -> (table, column), one row per element
    "events": "entry_events",
    "body": "entry_body",
    "pulls": "entry_pulls",
    "triggers": "entry_triggers",
    "management": "entry_management",
    "tags": "entry_tags",
}
ENTRY_COLUMNS = (
    "id, client, session_at, session_number, modality, pack, pattern, confidence, observed, interpretation,"
    " intensity, resonance, stance, experiment, followup_tried, followup_note, flagged, answers,"
    " created_at, updated_at"
)


def import_floor(path: str, journal: str) -> int:
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    entries = doc["entries"]
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    clients = {}
    ruptures = []
    for docid, e in enumerate(entries, 1):
        eid = e["id"]
        p = e.get("presentation") or {}
        f = e.get("experiment_followup") or {}
        clients.setdefault(e["client"], e["created_at"])
        answers = json.dumps(e.get("answers") or {}, ensure_ascii=False)
        rows["entries"].append(
            (
                eid,
                e["client"],
                e["session_at"],
                e.get("session_number"),
                e.get("modality"),
                e.get("pack"),
                p.get("pattern"),
                p.get("confidence"),
                e.get("observed"),
                e.get("interpretation"),
                e.get("intensity"),
                e.get("resonance"),
                e.get("stance"),
                e.get("experiment"),
                f.get("tried"),
                f.get("note"),
                int(e.get("flagged", False)),
                answers,
                e["created_at"],
                e["updated_at"],
            )
        )
        for member, table in LISTS.items():
            rows[table].extend((eid, v) for v in e.get(member) or ())
        rows["entry_markers"].extend((eid, m) for m in p.get("markers") or ())
        rows["entry_feelings"].extend((eid, w, "", r) for w, r in (e.get("feelings") or {}).items())
        rows["entry_urges"].extend((eid, u["urge"], int(u["enacted"])) for u in e.get("urges") or ())
        for position, r in enumerate(e.get("ruptures") or ()):
            ruptures.append((eid, position, r))
        questions = e.get("supervision") or ()
        rows["supervision_questions"].extend(
            (q["id"], eid, i, q["question"], q.get("eye"), q.get("want"), q.get("status", "open"), q.get("status_at"))
            for i, q in enumerate(questions)
        )
        rows["entry_facts"].append(
            (
                eid,
                e["client"],
                e["session_at"],
                e["updated_at"],
                e.get("intensity"),
                p.get("pattern"),
                e.get("stance"),
                int(e.get("experiment") is not None),
                f.get("tried"),
                int(bool(e.get("ruptures"))),
            )
        )
        notes = [r.get("note") or "" for r in e.get("ruptures") or ()] + [f.get("note") or ""]
        rows["search_docs"].append((docid, eid))
        rows["entries_fts"].append(
            (
                docid,
                e.get("observed") or "",
                e.get("interpretation") or "",
                e.get("experiment") or "",
                "\n".join(notes),
                "\n".join(q["question"] for q in questions),
                answers,
                e.get("resonance") or "",
            )
        )
    conn = sqlite3.connect(journal, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT OR IGNORE INTO clients (code, created_at) VALUES (?, ?)", clients.items())
    conn.executemany(f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES ({', '.join('?' * 20)})", rows.pop("entries"))
    conn.executemany(
        "INSERT INTO entry_facts (entry_id, client, session_at, updated_at, intensity, pattern, stance, planned, tried,"
        " ruptured) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows.pop("entry_facts"),
    )
    conn.executemany(
        "INSERT INTO entries_fts (rowid, observed, interpretation, experiment, notes, supervision, answers,"
        " private) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows.pop("entries_fts"),
    )
    for table, table_rows in rows.items():
        conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(table_rows[0]))})", table_rows)
    markers, strategies = [], []
    for eid, position, r in ruptures:
        rid = conn.execute(
            "INSERT INTO ruptures (entry_id, position, type, trigger, intensity, metacommunication, resolved, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                eid,
                position,
                r["type"],
                r.get("trigger"),
                r.get("intensity"),
                int(r.get("metacommunication", False)),
                r.get("resolved"),
                r.get("note"),
            ),
        ).lastrowid
        markers.extend((rid, m) for m in r.get("markers") or ())
        strategies.extend((rid, s) for s in r.get("strategies") or ())
    conn.executemany("INSERT INTO rupture_markers VALUES (?, ?)", markers)
    conn.executemany("INSERT INTO rupture_strategies VALUES (?, ?)", strategies)
    conn.execute("COMMIT")
    conn.close()
    return len(entries)


def export_floor(journal: str, out: str) -> int:
    conn = sqlite3.connect(journal)
    children: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for member, table in LISTS.items():
        for eid, value in conn.execute(f"SELECT * FROM {table}"):
            children[eid][member].append(value)
    for eid, marker in conn.execute("SELECT * FROM entry_markers"):
        children[eid]["markers"].append(marker)
    for eid, word, _family, rating in conn.execute("SELECT * FROM entry_feelings"):
        children[eid]["feelings"].append((word, rating))
    for eid, urge, enacted in conn.execute("SELECT * FROM entry_urges"):
        children[eid]["urges"].append({"urge": urge, "enacted": bool(enacted)})
    by_rupture: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rid, m in conn.execute("SELECT * FROM rupture_markers"):
        by_rupture[rid]["markers"].append(m)
    for rid, s in conn.execute("SELECT * FROM rupture_strategies"):
        by_rupture[rid]["strategies"].append(s)
    for rid, eid, _pos, rtype, trigger, intensity, meta, resolved, note in conn.execute(
        "SELECT * FROM ruptures ORDER BY entry_id, position"
    ):
        children[eid]["ruptures"].append(
            {
                "type": rtype,
                "markers": by_rupture[rid]["markers"],
                "trigger": trigger,
                "intensity": intensity,
                "strategies": by_rupture[rid]["strategies"],
                "metacommunication": bool(meta),
                "resolved": resolved,
                "note": note,
            }
        )
    for qid, eid, _pos, question, eye, want, status, status_at in conn.execute(
        "SELECT * FROM supervision_questions ORDER BY entry_id, position"
    ):
        children[eid]["supervision"].append(
            {"id": qid, "question": question, "eye": eye, "want": want, "status": status, "status_at": status_at}
        )
    count = 0
    with open(out, "w", encoding="utf-8") as fh:
        fh.write('{"format": "reflect/1",\n "entries": [\n')
        for row in conn.execute(f"SELECT {ENTRY_COLUMNS} FROM entries ORDER BY session_at, id"):
            (
                eid,
                client,
                session_at,
                number,
                modality,
                pack,
                pattern,
                confidence,
                observed,
                interpretation,
                intensity,
                resonance,
                stance,
                experiment,
                tried,
                note,
                flagged,
                answers,
                created,
                updated,
            ) = row
            c = children.get(eid, {})
            entry = {
                "id": eid,
                "client": client,
                "session_at": session_at,
                "session_number": number,
                "modality": modality,
                "pack": pack,
                "events": c.get("events", []),
                "presentation": {"pattern": pattern, "confidence": confidence, "markers": c.get("markers", [])}
                if pattern
                else None,
                "observed": observed,
                "interpretation": interpretation,
                "feelings": dict(c.get("feelings", [])),
                "body": c.get("body", []),
                "urges": c.get("urges", []),
                "pulls": c.get("pulls", []),
                "intensity": intensity,
                "triggers": c.get("triggers", []),
                "resonance": resonance,
                "stance": stance,
                "management": c.get("management", []),
                "ruptures": c.get("ruptures", []),
                "experiment": experiment,
                "experiment_followup": {"tried": tried, "note": note} if tried else None,
                "supervision": c.get("supervision", []),
                "tags": c.get("tags", []),
                "flagged": bool(flagged),
                "answers": json.loads(answers),
                "created_at": created,
                "updated_at": updated,
            }
            fh.write(("" if not count else ",\n") + json.dumps(entry, ensure_ascii=False))
            count += 1
        fh.write("\n]}\n")
    conn.close()
    return count


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("import", "export"):
        raise SystemExit(__doc__)
    (import_floor if sys.argv[1] == "import" else export_floor)(sys.argv[2], sys.argv[3])
