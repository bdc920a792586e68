"""Text hygiene: what goes into the journal, and what comes out onto a terminal."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and C1 controls.
_STORAGE_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# Bidirectional overrides/isolates can make text read differently from what is stored.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lone surrogates; a regex scan is ~10x faster than a per-character loop on every field of a 100k-entry import.
_SURROGATES = re.compile("[\ud800-\udfff]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")


def clean_text(value: str) -> str:
    """Normalise free text for storage: valid UTF-8, NFC, \\n line endings, no control characters.

    Idempotent, so a stored value survives any number of export/import round trips unchanged.
    """
    if _SURROGATES.search(value):
        # Lone surrogates (invalid UTF-8 from argv, or JSON escapes) cannot be stored: repair, don't crash.
        # A high-low pair (a JSON escape pair a decoder left split) is one character; a lone one becomes U+FFFD.
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _STORAGE_CONTROLS.sub("", value)
    return unicodedata.normalize("NFC", value)


def repair_surrogates(value: str) -> str:
    """Replace lone surrogates (undecodable bytes in argv arrive as U+DC80-U+DCFF) with U+FFFD, changing nothing else.

    SQLite, files and terminals all refuse to encode them; every command-line argument goes through this first.
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in value):
        return value
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)


def safe_for_terminal(value: str) -> str:
    """Neutralise escape sequences and bidi overrides so stored text can never drive the terminal."""
    value = _ANSI.sub("", value)
    value = _BIDI_CONTROLS.sub("", value)
    return "".join(
        ch if ch in "\n\t" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F) else "\ufffd" for ch in value
    )
