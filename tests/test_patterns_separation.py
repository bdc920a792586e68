"""An urge acted on only around separations with one client is found, with exact counts, while missing answers
(no stance, no intensity, experiments never followed up) never become findings."""

from __future__ import annotations

import pytest

from planted_journal import CONTROL, END, SEPARATION, SEPARATION_EVENTS, with_separation
from reflect.analysis.pattern_terms import EVENT_GROUPS
from reflect.analysis.patterns import analyse
from reflect.domain.entry_filter import EntryFilter


def findings(journal, seed: int = 1, flt: EntryFilter | None = None):
    journal.import_entries(with_separation(seed))
    return analyse(journal.patterns.pattern_data(flt or EntryFilter(), now=END.astimezone(), event_groups=EVENT_GROUPS))


def test_over_running_around_breaks_and_the_ending_is_found_with_its_counts(journal):
    found = findings(journal)
    (f,) = [f for f in found if f.client == SEPARATION and f.kind == "event-concentration"]
    assert (f.subject, f.details) == ("over-run-time", {"event": "separation", "subject_kind": "urge"})
    assert (f.count, f.total, f.baseline_count, f.baseline_total) == (5, 5, 0, 9)
    assert f.p_value == pytest.approx(1 / 2002)  # Fisher: all 5 acted-on sessions among the 5 of 14 separations
    assert f.text == (
        "With C-5EP9 you acted on the urge to over-run the time in 5 of 5 sessions next to a break or in the ending "
        "phase (100%), and in 0 of 9 others (0%). What might acting on the urge to over-run the time around the "
        "breaks and the ending be doing, for you and for the client, with the separation?"
    )
    assert len(f.entries) == len(SEPARATION_EVENTS)


def test_the_same_urge_is_not_reported_again_for_breaks_or_the_ending_alone(journal):
    found = findings(journal)
    events = [
        (f.kind, f.details.get("event")) for f in found if f.client == SEPARATION and f.subject == "over-run-time"
    ]
    assert events == [("event-concentration", "separation")]  # not also as an urge acted on overall


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_missing_answers_are_never_findings(journal, seed):
    found = findings(journal, seed, EntryFilter(client=SEPARATION))
    kinds = sorted(f.kind for f in found)
    assert kinds == ["event-concentration", "experiments"]
    (experiments,) = [f for f in found if f.kind == "experiments"]
    assert experiments.text == (
        "You planned 14 next-session experiments; no follow-up is recorded for the 13 that have had a next session "
        "(1 awaits the client's next session), so there is nothing to count yet. When the next entry asks whether "
        "you tried it, what would help you answer?"
    )
    assert (experiments.count, experiments.total) == (0, 0)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_control_client_stays_quiet_beside_it(journal, seed):
    assert [f.text for f in findings(journal, seed) if f.client == CONTROL] == []
