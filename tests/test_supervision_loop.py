"""The supervision loop, closed: after a meeting that discussed a question and set an experiment and an action point,
the next prep carries all of them, and `supervision impact` shows the reaction worked on before and after."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from planted_journal import END, SEPARATION, with_separation

MEETING = (END + timedelta(days=3)).date()  # 2026-03-14, after C-5EP9's 14 planted sessions and one more


@pytest.fixture
def looped(journal, cli):
    journal.import_entries(with_separation(1))
    asked = {"client": SEPARATION, "session_at": (END + timedelta(days=1)).isoformat(),
             "supervision": [{"question": "Why do I over-run before breaks?", "eye": 4}]}  # fmt: skip
    assert cli("new", "--answers", "-", input=json.dumps(asked)).exit_code == 0
    (question,) = json.loads(cli("supervision", "questions", "--client", SEPARATION, "--json").stdout)
    logged = cli("supervision", "log", "--date", MEETING.isoformat(), "--minutes", "60",
                 "--discussed", question["id"][:8], "--notes", "Looked at what endings stir in me.",
                 "--action", "Read about separation anxiety in the therapist.",
                 "--experiment", f"{SEPARATION}: End on time and name the coming break.")  # fmt: skip
    assert logged.exit_code == 0, logged.stderr
    # Six sessions after the meeting: a break around the third and fourth, never over-running; the first follows up.
    for n in range(6):
        raw = {"client": SEPARATION, "session_at": (END + timedelta(weeks=n + 1)).isoformat()}
        if n == 0:
            raw["experiment_followup"] = {"tried": "yes"}
        if n in (2, 3):
            raw["events"] = ["pre-break" if n == 2 else "post-break"]
        assert cli("new", "--answers", "-", input=json.dumps(raw)).exit_code == 0
    return question


def test_impact_shows_the_reaction_worked_on_before_and_after(looped, cli):
    result = cli("supervision", "impact", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "client": SEPARATION, "kind": "urge", "subject": "over-run-time", "meeting": "2026-03-14",
            "before": {"count": 5, "total": 15}, "after": {"count": 0, "total": 6}, "event": "separation",
            "event_before": {"count": 5, "total": 5}, "event_after": {"count": 0, "total": 2},
        }
    ]  # fmt: skip
    text = cli("supervision", "impact").stdout
    assert text == (
        "Supervision on 14 Mar 2026\n"
        "  • C-5EP9: acted on the urge to over-run the time in 5 of 15 sessions before 14 Mar 2026 (5 of 5 next to a "
        "break or in the ending phase); 0 of 6 after (0 of 2). Only 2 sessions next to a break or in the ending phase "
        "since: too early to read that part.\n"
        "  What helped, and what else changed in the work or in you? A change after a meeting is not proof that the "
        "meeting caused it.\n"
    )


def test_impact_flags_a_small_sample_and_filters(looped, cli):
    assert json.loads(cli("supervision", "impact", "--client", "C-BRK1", "--json").stdout) == []
    assert json.loads(cli("supervision", "impact", "--since", "2026-03-15", "--json").stdout) == []
    from reflect.analysis.impact import Count, ImpactItem, Reaction
    from reflect.render.impact import item_line

    item = ImpactItem(MEETING, SEPARATION, Reaction("pull", "parental-protective"), Count(6, 9), Count(1, 2))
    assert item_line(item) == (
        "C-5EP9: logged the parental/protective pull in 6 of 9 sessions before 14 Mar 2026; 1 of 2 after. "
        "Only 2 sessions since: too early to read."
    )


def test_the_next_prep_carries_the_meeting(looped, cli):
    result = cli("supervision", "prep", "--since", MEETING.isoformat())
    assert result.exit_code == 0, result.stderr
    doc = result.stdout
    sections = [line for line in doc.splitlines() if line.startswith("## ")]
    assert sections[:5] == ["## Risk and ethics", "## From your last supervision", "## Since your last supervision",
                            "## Open questions", "## Clients"]  # fmt: skip
    last = doc.split("## From your last supervision\n\n", 1)[1].split("\n## ", 1)[0]
    assert last == (
        "Meeting of 14 Mar 2026 (60 minutes).\n\n"
        "- **Notes:** Looked at what endings stir in me.\n"
        "- **Action point:** Read about separation anxiety in the therapist.\n"
        "- **Experiment for C-5EP9:** End on time and name the coming break. (6 sessions since; tried: yes)\n"
        "- **Question about C-5EP9:** Why do I over-run before breaks? (discussed, not resolved)\n"
    )
    since = doc.split("## Since your last supervision\n\n", 1)[1].split("\n## ", 1)[0]
    assert "- C-5EP9: acted on the urge to over-run the time in 5 of 15 sessions before 14 Mar 2026" in since
    carried = doc.split("### Discussed, not yet resolved\n\n", 1)[1].split("\n\n", 1)[0]
    assert carried == (
        "1. **C-5EP9** (eye 4, discussed on 14 Mar 2026)  \n"
        "   Why do I over-run before breaks?\n"
        "   - Meeting notes: Looked at what endings stir in me."
    )
    assert "No open supervision questions" not in doc


def test_risk_and_ethics_names_risk_boundaries_and_unresolved_ruptures(cli):
    raw = {"client": "C-7F3K", "session_at": "2026-03-10 15:00", "events": ["risk-disclosure"],
           "urges": [{"urge": "self-disclose", "enacted": True}, {"urge": "reassure", "enacted": True}],
           "ruptures": [{"type": "confrontation", "resolved": "no"}]}  # fmt: skip
    assert cli("new", "--answers", "-", input=json.dumps(raw)).exit_code == 0
    doc = cli("supervision", "prep", "--since", "2026-03-01").stdout
    risk = doc.split("## Risk and ethics\n\n", 1)[1].split("\n## ", 1)[0]
    assert risk == (
        "- **C-7F3K:** risk disclosed in the session of 10 Mar 2026; you acted on boundary urges: self-disclose "
        "(1 session); rupture not resolved in the session of 10 Mar 2026.\n\n"
        "What was done, whom did you tell, and what still needs attention?\n"
    )


def test_the_html_prep_charts_the_reaction_worked_on_before_and_after(looped, cli, tmp_path):
    pytest.importorskip("pygal", reason="the HTML documents need the extra reflect-journal[html]")
    import html
    import re

    from html_helpers import external_references, parse_html
    from reflect.render.charts import PALETTE

    target = tmp_path / "prep.html"
    result = cli("supervision", "prep", "--since", MEETING.isoformat(), "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    parsed = parse_html(text)
    assert external_references(parsed) == [] and parsed.count("script") == 0
    title = "The reactions worked on in supervision on 14 Mar 2026, before and after"
    assert title in parsed.svg_titles
    desc = parsed.svg_descs[parsed.svg_titles.index(title)]
    assert desc.startswith(
        "C-5EP9: acted on the urge to over-run the time in 5 of 15 sessions before 14 Mar 2026 (5 of 5 next to a "
        "break or in the ending phase); 0 of 6 after (0 of 2). Only 2 sessions next to a break or in the ending phase "
        "since: too early to read that part. What helped"
    )
    section = text.split('<section class="since-last">', 1)[1].split("</section>", 1)[0]
    svg = html.unescape(section.split("<svg", 1)[1].split("</svg>", 1)[0])
    # Axis titles and the two series, in the first two colour-blind-safe colours; the values printed on the bars.
    assert 'class="title">Reaction worked on</text>' in svg
    assert ">% of sessions</text>" in svg
    assert ">Before the meeting<" in svg and ">After the meeting<" in svg
    assert PALETTE[0] in svg and PALETTE[1] in svg
    # Before, then after: all the client's sessions (5 of 15, 0 of 6), then those around the event (5 of 5, 0 of 2).
    assert re.findall(r'class="value">([^<]*)<', svg) == ["33%", "100%", "0%", "0%"]
    # The table beside it: the same numbers, a row for the sessions around the event, flagged: only two since.
    table = parse_html(section.split("</svg>", 1)[1]).visible
    assert table == (
        "Sessions with the reaction, of the client's sessions (stance: of the rated sessions) "
        "Reaction worked on Before After Note "
        "C-5EP9: acted on the urge to over-run the time 5 of 15 (33%) 0 of 6 (0%) "
        "C-5EP9: acted on the urge to over-run the time, next to a break or in the ending phase 5 of 5 (100%) "
        "0 of 2 (0%) Only 2 sessions next to a break or in the ending phase since: too early to read that part."
    )


def test_the_impact_chart_flags_a_small_sample_and_draws_no_bar_without_sessions():
    pytest.importorskip("pygal", reason="the HTML documents need the extra reflect-journal[html]")
    from html_helpers import parse_html
    from reflect.analysis.impact import Count, ImpactItem, Reaction
    from reflect.analysis.stats import Thresholds
    from reflect.render.charts import impact_chart

    items = [
        ImpactItem(MEETING, SEPARATION, Reaction("pull", "parental-protective"), Count(6, 9), Count(1, 2)),
        ImpactItem(MEETING, "C-BRK1", Reaction("stance", "complementary"), Count(4, 8), Count(0, 0)),
    ]
    figure = impact_chart(items, str, lambda d: d.isoformat(), Thresholds())
    assert figure is not None and impact_chart([], str, str, Thresholds()) is None
    assert figure.svg.count("Only 2 sessions since: too early to read.") == 1  # in the text alternative
    rows = parse_html(figure.table).visible.split("Note ", 1)[1]
    assert rows == (
        "C-5EP9: logged the parental/protective pull 6 of 9 (67%) 1 of 2 (50%) "
        "Only 2 sessions since: too early to read. "
        "C-BRK1: rated your stance complementary 4 of 8 (50%) 0 of 0 "
        "Only 0 sessions since: too early to read."
    )


def test_the_impact_chart_of_several_meetings_names_each_meeting():
    pytest.importorskip("pygal", reason="the HTML documents need the extra reflect-journal[html]")
    from html_helpers import parse_html
    from reflect.analysis.impact import Count, ImpactItem, Reaction
    from reflect.analysis.stats import Thresholds
    from reflect.render.charts import impact_chart

    earlier = MEETING - timedelta(weeks=6)
    items = [
        ImpactItem(earlier, SEPARATION, Reaction("feeling", "protective"), Count(5, 6), Count(3, 6)),
        ImpactItem(MEETING, SEPARATION, Reaction("feeling", "protective"), Count(8, 12), Count(2, 5)),
    ]
    figure = impact_chart(items, str, lambda d: d.isoformat(), Thresholds())
    assert figure is not None
    assert figure.title == "The reactions worked on in supervision, before and after each meeting"
    assert parse_html(figure.table).visible.split("Note ", 1)[1] == (
        "C-5EP9: logged protective feelings (2026-01-31) 5 of 6 (83%) 3 of 6 (50%) "
        "C-5EP9: logged protective feelings (2026-03-14) 8 of 12 (67%) 2 of 5 (40%)"
    )
    assert ">C-5EP9: protective feelings (2026-01-31)<" in figure.svg
