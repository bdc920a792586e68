"""Pattern findings: pure decisions over the aggregated rows from `domain.rows.PatternData`.

Nothing here touches SQL or the terminal. Each finding kind is one function that reads counts, applies the thresholds
(minimum sample, minimum difference from a comparison group, an exact one-sided test) and words what it found as a
prompt for reflection, never as a conclusion. docs/patterns.md documents every kind and threshold.

The kinds live in reaction_findings.py and course_findings.py, their statistics in stats.py and their terms in
pattern_terms.py; this module runs them all, in the documented order.
"""

from __future__ import annotations

from reflect.analysis.course_findings import (
    body_signals,
    experiment_findings,
    intensity_trends,
    open_questions,
    rupture_findings,
    rupture_urges,
    trigger_findings,
)
from reflect.analysis.pattern_terms import KINDS, Namer
from reflect.analysis.reaction_findings import (
    enacted_urges,
    event_concentrations,
    presentation_feelings,
    recurring_pulls,
    stance_profiles,
)
from reflect.analysis.stats import Finding, Thresholds
from reflect.domain.rows import PatternData

ANALYSERS = (
    recurring_pulls,
    enacted_urges,
    event_concentrations,
    presentation_feelings,
    stance_profiles,
    rupture_findings,
    rupture_urges,
    trigger_findings,
    intensity_trends,
    open_questions,
    body_signals,
    experiment_findings,
)


def analyse(data: PatternData, th: Thresholds | None = None, *, name: Namer | None = None) -> list[Finding]:
    """All findings for the period, grouped by client (clients in code order, then findings about the caseload),
    then by kind in the documented order. `name` renders client codes (a redactor's aliases in shared documents)."""
    th = th or Thresholds()
    namer: Namer = name or (lambda code: code)
    findings = [f for analyser in ANALYSERS for f in analyser(data, th, namer)]
    # An urge acted on around one kind of session event says more than the same urge's rate over all the client's
    # sessions (the around-events finding carries the comparison); keep only the specific one.
    around_events = {(f.client, f.subject) for f in findings if f.kind == "event-concentration"
                     and f.details.get("subject_kind") == "urge"}  # fmt: skip
    findings = [f for f in findings if not (f.kind == "enacted-urge" and f.client and (f.client, f.subject)
                                            in around_events)]  # fmt: skip
    order = {k: i for i, k in enumerate(KINDS)}
    findings.sort(key=lambda f: (f.client is None, f.client or "", order[f.kind]))
    from dataclasses import replace

    from reflect.analysis.finding_questions import limit_repeats

    texts = limit_repeats([f.text for f in findings], [namer(f.client) if f.client else None for f in findings])
    return [f if f.text == text else replace(f, text=text) for f, text in zip(findings, texts, strict=True)]
