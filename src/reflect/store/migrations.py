"""Schema changes, one function each, applied in order by sqlite_utils.Migrations.

Never edit a migration that has shipped: add a new one. Each runs in a transaction; a failing one leaves the journal
as it was. Multi-valued entry fields live in child tables so pattern analysis is SQL aggregation.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

APPLICATION_ID = 0x52464C54  # "RFLT": tells a reflect journal from any other SQLite file (store.py holds a copy)

migrations = Migrations("reflect")


def run_ddl(db: Database, script: str) -> None:
    """Run DDL statements one by one: executescript() would COMMIT first and break the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def run_statements(db: Database, script: str) -> None:
    """Like run_ddl, for scripts whose triggers hold `;` inside BEGIN ... END: a statement ends where SQLite says a
    statement is complete."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                db.execute(pending)
            pending = ""


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
        """,
    )


@migrations()
def m010_create_supervision_meetings(db: Database) -> None:
    # Supervision meetings are a record a supervisee may have to show (BACP asks for an auditable log), so they live in
    # the journal beside the entries. meeting_questions has no foreign key to supervision_questions on purpose: saving
    # an entry rewrites its questions (same ids), and a cascade would silently erase the meeting's record.
    run_ddl(
        db,
        """
        CREATE TABLE supervision_meetings (
            id TEXT PRIMARY KEY,
            held_on TEXT NOT NULL,
            minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
            format TEXT NOT NULL CHECK (format IN ('individual', 'group')),
            group_size INTEGER CHECK (group_size BETWEEN 2 AND 100),
            supervisor TEXT,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((format = 'group') = (group_size IS NOT NULL))
        );
        CREATE INDEX supervision_meetings_by_day ON supervision_meetings(held_on);
        CREATE TABLE meeting_questions (
            meeting_id TEXT NOT NULL REFERENCES supervision_meetings(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('discussed', 'resolved')),
            PRIMARY KEY (meeting_id, question_id)) WITHOUT ROWID;
        CREATE TABLE meeting_actions (
            meeting_id TEXT NOT NULL REFERENCES supervision_meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('note', 'experiment', 'question')),
            action TEXT NOT NULL,
            client TEXT,
            eye INTEGER CHECK (eye BETWEEN 1 AND 7),
            want TEXT,
            ref TEXT,
            PRIMARY KEY (meeting_id, position)) WITHOUT ROWID;
        CREATE INDEX meeting_actions_by_client ON meeting_actions(client, kind);
        """,
    )


@migrations()
def m011_create_entry_facts(db: Database) -> None:
    # One compact row per entry with its multi-valued fields as bitmasks (bit = position in the vocabulary), so that
    # pattern analysis aggregates a 100,000-entry journal in one scan per question instead of joining and sorting the
    # child tables each time. It is derived data: store_patterns refreshes any row that is missing or older than its
    # entry, and rebuilds them all when the vocabulary's order changes (fact_meta holds the vocabulary's signature).
    run_ddl(
        db,
        """
        CREATE TABLE entry_facts (
            entry_id TEXT PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
            client TEXT NOT NULL,
            session_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            intensity INTEGER,
            pattern TEXT,
            stance TEXT,
            planned INTEGER NOT NULL DEFAULT 0,
            tried TEXT,
            ruptured INTEGER NOT NULL DEFAULT 0,
            pulls INTEGER NOT NULL DEFAULT 0,
            families INTEGER NOT NULL DEFAULT 0,
            urges INTEGER NOT NULL DEFAULT 0,
            enacted INTEGER NOT NULL DEFAULT 0,
            events INTEGER NOT NULL DEFAULT 0,
            body INTEGER NOT NULL DEFAULT 0,
            triggers INTEGER NOT NULL DEFAULT 0,
            management INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX entry_facts_by_time ON entry_facts(session_at);
        CREATE INDEX entry_facts_by_client ON entry_facts(client, session_at, planned, tried);
        CREATE INDEX entries_by_update ON entries(updated_at);
        CREATE TABLE fact_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )
    # An empty facts table agrees with any vocabulary: record today's, so rows saved from now on need no rebuild.
    from reflect.store.facts import vocab_signature

    db.execute("INSERT INTO fact_meta (key, value) VALUES ('vocabulary', ?)", [vocab_signature()])


@migrations()
def m020_create_privacy_tables(db: Database) -> None:
    # Why in the journal and not the settings file: a deny-list ("St Mary's School") is itself identifying, so it
    # must be encrypted with the entries. Purge tombstones hold counts and dates only, never a client code (a hash of
    # a four-character code could be reversed by trying them all). Reminders remember which overdue retention
    # dates were already announced, so each is announced once.
    run_ddl(
        db,
        """
        CREATE TABLE privacy_terms (
            list TEXT NOT NULL CHECK (list IN ('deny', 'allow')),
            term TEXT NOT NULL COLLATE NOCASE,
            added_at TEXT NOT NULL,
            PRIMARY KEY (list, term)
        );
        CREATE TABLE purges (
            id INTEGER PRIMARY KEY,
            purged_at TEXT NOT NULL,
            scope TEXT NOT NULL CHECK (scope IN ('client', 'before')),
            before TEXT,
            entries INTEGER NOT NULL,
            drafts INTEGER NOT NULL,
            supervision_questions INTEGER NOT NULL
        );
        CREATE TABLE retention_reminders (
            client TEXT NOT NULL,
            due_on TEXT NOT NULL,
            reminded_at TEXT NOT NULL,
            PRIMARY KEY (client, due_on)
        );
        """,
    )


@migrations()
def m030_create_search_index(db: Database) -> None:
    # Full-text search over every free-text field (store_search.py explains the design). Entries written before this
    # migration are indexed here, in the same transaction, so search is complete from the first run.
    from pathlib import Path

    from reflect.privacy.private_answers import AnswerPrivacy
    from reflect.store.entries import EntryReader
    from reflect.store.search import create_search_index, index_entry, require_fts5

    require_fts5(db.conn)
    create_search_index(db)
    file = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "") or "journal.db"
    privacy = AnswerPrivacy(Path(file).parent / "prompts")  # the journal's own packs say which answers are private
    for entry in EntryReader(db).iter_entries():
        index_entry(db.conn, entry, privacy)


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


@migrations()
def m050_index_pattern_analysis(db: Database) -> None:
    # Covering indexes for the pattern analysis and supervision prep queries, so that each reads an index instead of
    # fetching table rows one by one or sorting: the weekly intensity (time, then intensity), the body sensations
    # with feeling families (a partial index: only the sessions that name both), the ruptures of a session (their
    # type, repair, trigger and metacommunication), and the latest change to the facts (their freshness check). The
    # first and third replace the plain indexes they extend.
    run_ddl(
        db,
        """
        CREATE INDEX entry_facts_by_time_intensity ON entry_facts(session_at, intensity);
        DROP INDEX IF EXISTS entry_facts_by_time;
        CREATE INDEX entry_facts_body_families ON entry_facts(body, families, session_at, client)
            WHERE body != 0 AND families != 0;
        CREATE INDEX entry_facts_by_update ON entry_facts(updated_at);
        CREATE INDEX ruptures_of_entry ON ruptures(entry_id, type, resolved, trigger, metacommunication);
        DROP INDEX IF EXISTS ruptures_by_entry;
        """,
    )


@migrations()
def m051_create_client_summaries(db: Database) -> None:
    # Each client's counts per presentation over all their sessions, as the pattern analysis's largest scan produces
    # them, so that a report on the whole journal need not read every session again. Derived data, like entry_facts:
    # the triggers mark a client stale whenever one of its facts rows changes (however it changed), and the next
    # analysis recomputes the stale clients' rows (store.patterns.PatternQueries._client_summaries).
    run_ddl(
        db,
        """
        CREATE TABLE client_summaries (
            client TEXT NOT NULL,
            pattern TEXT,
            counts BLOB NOT NULL,
            sums TEXT NOT NULL
        );
        CREATE INDEX client_summaries_by_client ON client_summaries(client, pattern);
        CREATE TABLE stale_summaries (client TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO stale_summaries SELECT DISTINCT client FROM entry_facts;
        """,
    )
    # A trigger's body holds semicolons: one statement each.
    for event, rows in (("INSERT", "(NEW.client)"), ("DELETE", "(OLD.client)"),
                        ("UPDATE", "(OLD.client), (NEW.client)")):  # fmt: skip
        db.execute(
            f"CREATE TRIGGER entry_facts_{event.lower()} AFTER {event} ON entry_facts "
            f"BEGIN INSERT OR IGNORE INTO stale_summaries VALUES {rows}; END"
        )


@migrations()
def m052_create_client_results(db: Database) -> None:
    # More of each client's results over all their sessions, beside m051's summaries and refreshed with them (the
    # same stale clients): the sessions around events, the ruptures, the next-session experiments. One JSON value per
    # client and kind; what a value holds is recorded in fact_meta, and a change to it recomputes every client.
    run_ddl(
        db,
        """
        CREATE TABLE client_results (
            kind TEXT NOT NULL,
            client TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (kind, client)
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m060_create_cpd_activities(db: Database) -> None:
    # Continuing professional development, for the CPD log professional bodies ask for and NMC-style reflective
    # accounts. Like supervision meetings it belongs to no client (no client column: purging a client leaves it, and
    # the text is the clinician's own learning). Hours are stored in minutes so that sums are exact.
    run_ddl(
        db,
        """
        CREATE TABLE cpd_activities (
            id TEXT PRIMARY KEY,
            held_on TEXT NOT NULL,
            minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 30000),
            activity TEXT NOT NULL,
            learned TEXT,
            changed TEXT,
            standard TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX cpd_activities_by_day ON cpd_activities(held_on);
        """,
    )


@migrations()
def m065_create_practice_attempts(db: Database) -> None:
    # Case-based practice (`reflect practice`): one row per attempt at a fictional vignette. No client data. Lists are
    # JSON text; NULL means the question was skipped, [] that it was answered with nothing ticked. `reading` is a
    # snapshot of the vignette's reading when the attempt was made, so scores and progress stay exact if a vignette
    # file is later edited or removed. `finished_at` is NULL while an attempt is under way (each answer is saved as it
    # is given) or when it was interrupted.
    run_ddl(
        db,
        """
        CREATE TABLE practice_attempts (
            id TEXT PRIMARY KEY,
            vignette TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            presentation TEXT CHECK (presentation IN ('secure', 'anxious', 'avoidant', 'disorganized', 'mixed',
                                                      'unclear')),
            confidence INTEGER CHECK (confidence BETWEEN 1 AND 3),
            markers TEXT,
            feelings TEXT,
            pulls TEXT,
            urges TEXT,
            response INTEGER CHECK (response >= 1),
            response_stance TEXT CHECK (response_stance IN ('complementary', 'non-complementary')),
            response_preferred INTEGER CHECK (response_preferred IN (0, 1)),
            reflection TEXT,
            reading TEXT NOT NULL
        );
        CREATE INDEX practice_attempts_by_time ON practice_attempts(started_at);
        """,
    )


@migrations()
def m066_count_practice_in_purges(db: Database) -> None:
    # `purge --before` erases practice attempts from before the day too; the tombstone counts them like entries.
    db.execute("ALTER TABLE purges ADD COLUMN practice_attempts INTEGER NOT NULL DEFAULT 0")


@migrations()
def m070_create_journal_totals(db: Database) -> None:
    # Journal-wide counts that `client show` sets a client against ("your other clients"): feeling families (sessions
    # with at least one feeling of the family), pulls, urges felt and enacted, stances, all as the whole-table GROUP
    # BYs counted them. Kept by triggers on the rows they count, in the writer's own transaction (save, edit, import,
    # delete, purge), so a view reads a few rows instead of scanning every child row of the journal; the client's own
    # share comes from the indexes and the baseline is the difference. A stance of NULL is stored as ''.
    run_statements(
        db,
        """
        CREATE TABLE journal_totals (
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            sessions INTEGER NOT NULL DEFAULT 0,
            enacted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (kind, subject)
        ) WITHOUT ROWID;
        INSERT INTO journal_totals SELECT 'family', family, count(DISTINCT entry_id), 0 FROM entry_feelings
            GROUP BY family;
        INSERT INTO journal_totals SELECT 'pull', pull, count(*), 0 FROM entry_pulls GROUP BY pull;
        INSERT INTO journal_totals SELECT 'urge', urge, count(*), coalesce(sum(enacted), 0) FROM entry_urges
            GROUP BY urge;
        INSERT INTO journal_totals SELECT 'stance', coalesce(stance, ''), count(*), 0 FROM entries GROUP BY stance;
        CREATE TRIGGER totals_family_insert AFTER INSERT ON entry_feelings
            WHEN NOT EXISTS (SELECT 1 FROM entry_feelings
                             WHERE entry_id = NEW.entry_id AND family = NEW.family AND feeling != NEW.feeling)
        BEGIN
            INSERT INTO journal_totals (kind, subject, sessions) VALUES ('family', NEW.family, 1)
                ON CONFLICT (kind, subject) DO UPDATE SET sessions = sessions + 1;
        END;
        CREATE TRIGGER totals_family_delete AFTER DELETE ON entry_feelings
            WHEN NOT EXISTS (SELECT 1 FROM entry_feelings WHERE entry_id = OLD.entry_id AND family = OLD.family)
        BEGIN
            UPDATE journal_totals SET sessions = sessions - 1 WHERE kind = 'family' AND subject = OLD.family;
        END;
        CREATE TRIGGER totals_pull_insert AFTER INSERT ON entry_pulls BEGIN
            INSERT INTO journal_totals (kind, subject, sessions) VALUES ('pull', NEW.pull, 1)
                ON CONFLICT (kind, subject) DO UPDATE SET sessions = sessions + 1;
        END;
        CREATE TRIGGER totals_pull_delete AFTER DELETE ON entry_pulls BEGIN
            UPDATE journal_totals SET sessions = sessions - 1 WHERE kind = 'pull' AND subject = OLD.pull;
        END;
        CREATE TRIGGER totals_urge_insert AFTER INSERT ON entry_urges BEGIN
            INSERT INTO journal_totals (kind, subject, sessions, enacted) VALUES ('urge', NEW.urge, 1, NEW.enacted)
                ON CONFLICT (kind, subject) DO UPDATE SET sessions = sessions + 1, enacted = enacted + NEW.enacted;
        END;
        CREATE TRIGGER totals_urge_delete AFTER DELETE ON entry_urges BEGIN
            UPDATE journal_totals SET sessions = sessions - 1, enacted = enacted - OLD.enacted
                WHERE kind = 'urge' AND subject = OLD.urge;
        END;
        CREATE TRIGGER totals_urge_update AFTER UPDATE OF urge, enacted ON entry_urges BEGIN
            UPDATE journal_totals SET sessions = sessions - 1, enacted = enacted - OLD.enacted
                WHERE kind = 'urge' AND subject = OLD.urge;
            INSERT INTO journal_totals (kind, subject, sessions, enacted) VALUES ('urge', NEW.urge, 1, NEW.enacted)
                ON CONFLICT (kind, subject) DO UPDATE SET sessions = sessions + 1, enacted = enacted + NEW.enacted;
        END;
        CREATE TRIGGER totals_stance_insert AFTER INSERT ON entries BEGIN
            INSERT INTO journal_totals (kind, subject, sessions) VALUES ('stance', coalesce(NEW.stance, ''), 1)
                ON CONFLICT (kind, subject) DO UPDATE SET sessions = sessions + 1;
        END;
        CREATE TRIGGER totals_stance_delete AFTER DELETE ON entries BEGIN
            UPDATE journal_totals SET sessions = sessions - 1
                WHERE kind = 'stance' AND subject = coalesce(OLD.stance, '');
        END;
        CREATE TRIGGER totals_stance_update AFTER UPDATE OF stance ON entries WHEN NEW.stance IS NOT OLD.stance BEGIN
            UPDATE journal_totals SET sessions = sessions - 1
                WHERE kind = 'stance' AND subject = coalesce(OLD.stance, '');
            INSERT INTO journal_totals (kind, subject, sessions) VALUES ('stance', coalesce(NEW.stance, ''), 1)
                ON CONFLICT (kind, subject) DO UPDATE SET sessions = sessions + 1;
        END;
        """,
    )


@migrations()
def m071_count_entries_and_facts(db: Database) -> None:
    # How many entries and facts rows the journal holds, kept by triggers in the writer's own transaction (save, edit,
    # import, delete, purge, the facts' own refresh), so that the freshness check before every pattern view reads two
    # rows instead of counting both tables, a scan of each that grew with the journal. A row replaced by INSERT OR
    # REPLACE is counted out by the delete trigger: the journal is always opened with recursive triggers on.
    db.execute("CREATE TABLE row_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    for table in ("entries", "entry_facts"):
        db.execute(f"INSERT INTO row_counts SELECT '{table}', count(*) FROM {table}")
        for event, step in (("INSERT", "+ 1"), ("DELETE", "- 1")):
            db.execute(
                f"CREATE TRIGGER count_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN UPDATE row_counts SET n = n {step} WHERE name = '{table}'; END"
            )
