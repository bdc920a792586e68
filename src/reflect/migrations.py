"""Schema changes, one function each, applied in order by sqlite_utils.Migrations.

Never edit a migration that has shipped: add a new one. Each runs in a transaction; a failing one leaves the journal
as it was. Multi-valued entry fields live in child tables so pattern analysis is SQL aggregation.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

APPLICATION_ID = 0x52464C54  # "RFLT": tells a reflect journal from any other SQLite file

migrations = Migrations("reflect")


def run_ddl(db: Database, script: str) -> None:
    """Run DDL statements one by one: executescript() would COMMIT first and break the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m001_create_journal(db: Database) -> None:
    # Why raw DDL: CHECK constraints and ON DELETE CASCADE, which sqlite-utils' create() does not express.
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    run_ddl(
        db,
        """
        CREATE TABLE clients (
            code TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            closed_on TEXT,
            retention_years INTEGER
        );
        CREATE TABLE entries (
            id TEXT PRIMARY KEY,
            client TEXT NOT NULL REFERENCES clients(code),
            session_at TEXT NOT NULL,
            session_number INTEGER CHECK (session_number >= 1),
            modality TEXT NOT NULL DEFAULT 'individual',
            pack TEXT,
            pattern TEXT,
            confidence INTEGER CHECK (confidence BETWEEN 1 AND 3),
            observed TEXT,
            interpretation TEXT,
            intensity INTEGER CHECK (intensity BETWEEN 0 AND 10),
            resonance TEXT,
            stance TEXT,
            experiment TEXT,
            followup_tried TEXT,
            followup_note TEXT,
            flagged INTEGER NOT NULL DEFAULT 0,
            answers TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX entries_by_client ON entries(client, session_at);
        CREATE INDEX entries_by_time ON entries(session_at);

        CREATE TABLE entry_events (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, event TEXT NOT NULL,
            PRIMARY KEY (entry_id, event)) WITHOUT ROWID;
        CREATE TABLE entry_markers (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, marker TEXT NOT NULL,
            PRIMARY KEY (entry_id, marker)) WITHOUT ROWID;
        CREATE TABLE entry_feelings (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, feeling TEXT NOT NULL,
            family TEXT NOT NULL, rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            PRIMARY KEY (entry_id, feeling)) WITHOUT ROWID;
        CREATE TABLE entry_body (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, sensation TEXT NOT NULL,
            PRIMARY KEY (entry_id, sensation)) WITHOUT ROWID;
        CREATE TABLE entry_urges (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, urge TEXT NOT NULL,
            enacted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entry_id, urge)) WITHOUT ROWID;
        CREATE TABLE entry_pulls (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, pull TEXT NOT NULL,
            PRIMARY KEY (entry_id, pull)) WITHOUT ROWID;
        CREATE TABLE entry_triggers (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, trigger TEXT NOT NULL,
            PRIMARY KEY (entry_id, trigger)) WITHOUT ROWID;
        CREATE TABLE entry_management (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, factor TEXT NOT NULL,
            PRIMARY KEY (entry_id, factor)) WITHOUT ROWID;
        CREATE TABLE entry_tags (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, tag TEXT NOT NULL,
            PRIMARY KEY (entry_id, tag)) WITHOUT ROWID;
        CREATE INDEX entry_tags_by_tag ON entry_tags(tag);

        CREATE TABLE ruptures (
            id INTEGER PRIMARY KEY,
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            type TEXT NOT NULL,
            trigger TEXT,
            intensity INTEGER CHECK (intensity BETWEEN 1 AND 5),
            metacommunication INTEGER NOT NULL DEFAULT 0,
            resolved TEXT,
            note TEXT
        );
        CREATE INDEX ruptures_by_entry ON ruptures(entry_id);
        CREATE TABLE rupture_markers (
            rupture_id INTEGER NOT NULL REFERENCES ruptures(id) ON DELETE CASCADE, marker TEXT NOT NULL,
            PRIMARY KEY (rupture_id, marker)) WITHOUT ROWID;
        CREATE TABLE rupture_strategies (
            rupture_id INTEGER NOT NULL REFERENCES ruptures(id) ON DELETE CASCADE, strategy TEXT NOT NULL,
            PRIMARY KEY (rupture_id, strategy)) WITHOUT ROWID;

        CREATE TABLE supervision_questions (
            id TEXT PRIMARY KEY,
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question TEXT NOT NULL,
            eye INTEGER CHECK (eye BETWEEN 1 AND 7),
            want TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            status_at TEXT
        );
        CREATE INDEX supervision_questions_by_entry ON supervision_questions(entry_id);
        CREATE INDEX supervision_questions_by_status ON supervision_questions(status);

        CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            entry_id TEXT,
            pack TEXT NOT NULL,
            client TEXT,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m030_create_search_index(db: Database) -> None:
    # Full-text search over every free-text field (store_search.py explains the design). Entries written before this
    # migration are indexed here, in the same transaction, so search is complete from the first run.
    from pathlib import Path

    from reflect.store import Journal
    from reflect.store_search import create_search_index, require_fts5

    require_fts5(db.conn)
    create_search_index(db)
    file = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "") or "journal.db"
    journal = Journal(db, Path(file))
    for entry in journal.iter_entries():
        journal._index_entry(entry)


@migrations()
def m040_create_clinician_profile(db: Database) -> None:
    # The clinician's own attachment self-report and training context, one dated row per `reflect profile set`, so
    # the history is kept. Private: never part of the reflect/1 export (see docs/client-view.md). The two scores come
    # as a pair with the measure's name and the day it was taken; the questionnaire's items are never stored.
    run_ddl(
        db,
        """
        CREATE TABLE clinician_profile (
            id INTEGER PRIMARY KEY,
            recorded_at TEXT NOT NULL,
            anxiety REAL CHECK (anxiety BETWEEN 1 AND 7),
            avoidance REAL CHECK (avoidance BETWEEN 1 AND 7),
            measure TEXT,
            taken_on TEXT,
            training_stage TEXT,
            supervisor TEXT,
            orientation TEXT,
            CHECK ((anxiety IS NULL) = (avoidance IS NULL)),
            CHECK (anxiety IS NULL OR (measure IS NOT NULL AND taken_on IS NOT NULL))
        );
        """,
    )
