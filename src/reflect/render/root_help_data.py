"""What `reflect --help` (and `reflect` alone) shows, as data: written by tools/root_help.py from the
commands (do not edit: run the tool). Its shape is `reflect._typer.root_help_blocks`'s, with an unstyled text written
as a plain string; render/root_help.py lays it out for the terminal without importing rich or building a command.
"""

BLOCKS = (
    ("text", (1, 1, 1, 1), ((("Usage: ", "bold yellow"), ("reflect [OPTIONS] COMMAND [ARGS]...", "bold")),)),
    (
        "text",
        (0, 1, 1, 1),
        (
            "After each client session, note what happened in you: feelings, pulls, urges, ruptures. Private, on this machine.",
            (),
            (
                (
                    "Over the weeks it shows what recurs, as questions for supervision. New? `reflect demo`, then `reflect help terms`.",
                    "dim",
                ),
            ),
        ),
    ),
    (
        "panel",
        ((" Options ", "dim"),),
        "dim",
        (
            (None, False, None, False, "ellipsis"),
            (None, False, None, False, "ellipsis"),
            (None, False, None, False, "ellipsis"),
            (None, False, None, False, "ellipsis"),
            (None, False, None, False, "fold"),
            (None, False, None, True, "ellipsis"),
        ),
        (
            (
                (("--home", "bold cyan"),),
                (),
                (),
                (),
                (("PATH", "bold yellow"),),
                "Use the journal in this folder (default: $REFLECT_HOME, else your data folder).",
            ),
            ((("--debug", "bold cyan"),), (), (), (), (), "Show full tracebacks (may include journal text)."),
            (
                (("--quiet", "bold cyan"),),
                (("-q", "bold green"),),
                (),
                (),
                (),
                "No progress bars during long work (messages still print).",
            ),
            ((("--version", "bold cyan"),), (), (), (), (), "Show the version and exit."),
            ((("--install-completion", "bold cyan"),), (), (), (), (), "Install completion for the current shell."),
            (
                (("--show-completion", "bold cyan"),),
                (),
                (),
                (),
                (),
                "Show completion for the current shell, to copy it or customize the installation.",
            ),
            ((("--help", "bold cyan"),), (("-h", "bold green"),), (), (), (), "Show this message and exit."),
        ),
    ),
    (
        "panel",
        ((" Reflect ", "dim"),),
        "dim",
        ((11, True, None, False, "ellipsis"), (None, False, 10, False, "ellipsis")),
        (
            (
                (("new", "bold cyan"),),
                (
                    ("Reflect on a session: a guided interview (or ", ""),
                    ("--answers", "bold cyan"),
                    (" FILE), saved as you go.", ""),
                ),
            ),
            ((("resume", "bold cyan"),), "Continue an unfinished entry (a draft) where you left off."),
            ((("drafts", "bold cyan"),), "List unfinished entries (drafts), or discard one."),
            (
                (("edit", "bold cyan"),),
                "Change an entry: re-run the interview with its answers as defaults, or edit it in $EDITOR.",
            ),
            ((("delete", "bold cyan"),), "Delete an entry (asks first)."),
            (
                (("practice", "bold cyan"),),
                "Practise on fictional vignettes: recognise the presentation, notice the pull, choose a stance.",
            ),
        ),
    ),
    (
        "panel",
        ((" Look back ", "dim"),),
        "dim",
        ((11, True, None, False, "ellipsis"), (None, False, 10, False, "ellipsis")),
        (
            ((("list", "bold cyan"),), "List entries, newest first."),
            ((("show", "bold cyan"),), "Show one entry in full."),
            (
                (("search", "bold cyan"),),
                "Search your entries' text, best matches first, with the matching words highlighted.",
            ),
            ((("clients", "bold cyan"),), "List client codes with their number of sessions and last session."),
            (
                (("client", "bold cyan"),),
                "One client: the whole picture, case documents, and closing (retention starts when a client is closed).",
            ),
            (
                (("patterns", "bold cyan"),),
                "Recurring pulls, urges, feelings around events, ruptures, triggers and trends: prompts for reflection.",
            ),
            (
                (("calendar", "bold cyan"),),
                "A month grid of the days you reflected on sessions, by the number of entries or their mean intensity.",
            ),
        ),
    ),
    (
        "panel",
        ((" Supervision ", "dim"),),
        "dim",
        ((11, True, None, False, "ellipsis"), (None, False, 10, False, "ellipsis")),
        (
            (
                (("supervision", "bold cyan"),),
                "Prepare supervision, log supervision meetings, follow your questions and count your hours.",
            ),
            (
                (("records", "bold cyan"),),
                "The logs professional bodies ask for: supervision, practice (sessions) and CPD.",
            ),
            ((("cpd", "bold cyan"),), "Log continuing professional development and write reflective accounts."),
            (
                (("profile", "bold cyan"),),
                "Your own profile: attachment self-report scores, training stage, supervisor, orientation (private).",
            ),
        ),
    ),
    (
        "panel",
        ((" Import and export ", "dim"),),
        "dim",
        ((11, True, None, False, "ellipsis"), (None, False, 10, False, "ellipsis")),
        (
            (
                (("export", "bold cyan"),),
                (
                    ("Export entries: JSON (complete unless ", ""),
                    ("--redact", "bold cyan"),
                    ("/", ""),
                    ("--strict", "bold cyan"),
                    ("), or redacted Markdown or CSV.", ""),
                ),
            ),
            ((("import", "bold cyan"),), "Import entries: merges by id (a newer updated_at wins); all or nothing."),
        ),
    ),
    (
        "panel",
        ((" Privacy and safekeeping ", "dim"),),
        "dim",
        ((11, True, None, False, "ellipsis"), (None, False, 10, False, "ellipsis")),
        (
            ((("init", "bold cyan"),), "Create your journal, encrypted with a passphrase if you choose (recommended)."),
            ((("encrypt", "bold cyan"),), "Encrypt the journal with a passphrase (SQLCipher); every entry is kept."),
            (
                (("decrypt", "bold cyan"),),
                "Remove the journal's encryption (it is then readable by anyone who can read the file).",
            ),
            (
                (("passphrase", "bold cyan"),),
                "Change the passphrase of an encrypted journal (the journal is re-encrypted; every entry is kept).",
            ),
            (
                (("backup", "bold cyan"),),
                "Back up the journal (an encrypted journal gives a backup encrypted with the same passphrase).",
            ),
            (
                (("restore", "bold cyan"),),
                "Replace the journal with a backup, after checking the backup; the current journal is kept aside.",
            ),
            (
                (("doctor", "bold cyan"),),
                "Check the journal: integrity, encryption, permissions, and whether it sits in a synced or git folder.",
            ),
            (
                (("purge", "bold cyan"),),
                "Erase a client's entries (or all entries before a date) for good, including drafts and the search index.",
            ),
            (
                (("retention", "bold cyan"),),
                "List closed clients whose retention period has ended (records due for deletion).",
            ),
            (
                (("privacy", "bold cyan"),),
                "Your own identifier lists: words to always flag (deny) or never flag (allow).",
            ),
        ),
    ),
    (
        "panel",
        ((" Set-up ", "dim"),),
        "dim",
        ((11, True, None, False, "ellipsis"), (None, False, 10, False, "ellipsis")),
        (
            ((("prompts", "bold cyan"),), "Prompt packs: the question sets `reflect new` asks."),
            ((("help", "bold cyan"),), "What the words reflect uses mean."),
            ((("info", "bold cyan"),), "Where the journal lives, its schema version and what it holds."),
            (
                (("demo", "bold cyan"),),
                "Write a fictional demo journal into a folder of its own (never your journal) and show what it holds.",
            ),
        ),
    ),
)
