"""CSV for spreadsheets: one row per entry, multi-valued fields joined with "; ".

Every row states the export's redaction level in its own column, so a sheet that is sorted, filtered or pasted
elsewhere still says how it was redacted. The entries passed in are already redacted (render.redacted).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from reflect.domain.dates import iso
from reflect.domain.models import Entry
from reflect.privacy.redact import Level, Redactor
from reflect.render.redacted import shows_ids

JOIN = "; "
# Spreadsheets run a cell starting with one of these as a formula ("CSV injection"); free text gets a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(redactor: Redactor) -> list[str]:
    cols = ["id"] if shows_ids(redactor) else []
    cols += ["week"] if redactor.level is Level.STRICT else ["session_at"]
    cols += [
        "client", "session_number", "modality", "pack", "events", "presentation", "confidence", "markers", "observed",
        "interpretation", "feelings", "body", "urges", "pulls", "intensity", "triggers",
    ]  # fmt: skip
    if redactor.include_private:
        cols.append("resonance")
    cols += [
        "stance", "management", "ruptures", "experiment", "followup_tried", "followup_note", "supervision", "tags",
        "flagged", "answers", "redaction",
    ]  # fmt: skip
    return cols


def _cell(text: str | None) -> str:
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _answers(answers: dict[str, Any]) -> str:
    parts = []
    for key, value in answers.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{key}: {shown}")
    return JOIN.join(parts)


def _rupture(r) -> str:
    bits = [r.type]
    if r.intensity:
        bits.append(f"intensity {r.intensity}/5")
    if r.markers:
        bits.append("markers " + ", ".join(r.markers))
    if r.strategies:
        bits.append("repair " + ", ".join(r.strategies))
    if r.metacommunication:
        bits.append("metacommunicated")
    if r.resolved:
        bits.append(f"resolved {r.resolved}")
    if r.note:
        bits.append(r.note)
    return f"{bits[0]} ({', '.join(bits[1:])})" if len(bits) > 1 else bits[0]


def row(e: Entry, redactor: Redactor) -> dict[str, Any]:
    p = e.presentation
    f = e.experiment_followup
    values: dict[str, Any] = {
        "id": e.id,
        "session_at": iso(e.session_at),
        "week": redactor.when(e.session_at),
        "client": e.client,
        "session_number": e.session_number or "",
        "modality": e.modality,
        "pack": e.pack or "",
        "events": JOIN.join(e.events),
        "presentation": p.pattern if p else "",
        "confidence": (p.confidence or "") if p else "",
        "markers": JOIN.join(p.markers) if p else "",
        "observed": _cell(e.observed),
        "interpretation": _cell(e.interpretation),
        "feelings": JOIN.join(f"{w} {r}" for w, r in e.feelings.items()),
        "body": JOIN.join(e.body),
        "urges": JOIN.join(f"{u.urge} ({'acted on' if u.enacted else 'felt'})" for u in e.urges),
        "pulls": JOIN.join(e.pulls),
        "intensity": "" if e.intensity is None else e.intensity,
        "triggers": JOIN.join(e.triggers),
        "resonance": _cell(e.resonance),
        "stance": e.stance or "",
        "management": JOIN.join(e.management),
        "ruptures": _cell(JOIN.join(_rupture(r) for r in e.ruptures)),
        "experiment": _cell(e.experiment),
        "followup_tried": f.tried if f else "",
        "followup_note": _cell(f.note) if f else "",
        "supervision": _cell(JOIN.join(q.question for q in e.supervision)),
        "tags": JOIN.join(e.tags),
        "flagged": "yes" if e.flagged else "no",
        "answers": _cell(_answers(dict(e.answers))),
        "redaction": redactor.level.value + (" + private" if redactor.include_private else ""),
    }
    return values


def write_csv(entries: Iterable[Entry], redactor: Redactor, fh: IO[str]) -> int:
    """Header and one row per (already redacted) entry; returns the number of rows."""
    cols = columns(redactor)
    writer = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for e in entries:
        writer.writerow(row(e, redactor))
        count += 1
    return count
