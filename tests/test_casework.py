"""`reflect client show`: every number is recomputed here from the generated entries, independently of the SQL."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from reflect.analysis.attachment import ReactionCounts, attachment_findings
from reflect.analysis.casework import case_to_dict, load_case, presentation_trend
from reflect.domain import vocab
from reflect.domain.models import parse_entry
from reflect.domain.profile import Profile, updated_profile
from reflect.domain.stance import stance_prompts
from reflect.errors import UsageError, ValidationError
from reflect.render.casework import case_view

CLIENTS = ["C-7F3K", "C-2QX9", "C-9JD2", "C-4HMW"]
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
PROFILE = Profile(
    recorded_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC), anxiety=4.4, avoidance=2.3, measure="ECR-R",
    taken_on=date(2026, 1, 4), training_stage="trainee", supervisor="S-PRIV9", orientation="systemic",
)  # fmt: skip


def view_of(journal, code, profile=None):
    return case_to_dict(load_case(journal, code, prompts=stance_prompts(None), profile=profile), now=NOW)


# --- independent recomputation ----------------------------------------------------------------------------------------


def presence(entries, code, has):
    mine = [e for e in entries if e.client == code]
    others = [e for e in entries if e.client != code]
    return sum(1 for e in mine if has(e)), len(mine), sum(1 for e in others if has(e)), len(others)


@pytest.mark.parametrize("code", CLIENTS)
def test_presentation_history_and_markers(demo_journal, demo_entries, code):
    mine = sorted((e for e in demo_entries if e.client == code), key=lambda e: e.session_at)
    data = view_of(demo_journal, code)
    assert data["sessions"] == len(mine) == 13
    assert [(s["session_number"], s["pattern"], s["confidence"]) for s in data["session_strip"]] == [
        (e.session_number, e.presentation.pattern, e.presentation.confidence) for e in mine
    ]
    markers = Counter(m for e in mine for m in e.presentation.markers)
    assert {m["marker"]: m["sessions"] for m in data["presentation"]["markers"]} == dict(markers)
    assert [m["sessions"] for m in data["presentation"]["markers"]] == sorted(markers.values(), reverse=True)
    coded = [e.presentation.pattern for e in mine if e.presentation.pattern != "unclear"]
    top, n = Counter(coded).most_common(1)[0]
    assert (data["presentation"]["predominant"], data["presentation"]["predominant_sessions"]) == (top, n)
    assert data["presentation"]["coded_sessions"] == len(coded)
    assert data["presentation"]["status"] == "stable"  # each demo archetype keeps its pattern throughout
    assert data["span_days"] == (mine[-1].session_at.date() - mine[0].session_at.date()).days


@pytest.mark.parametrize("code", CLIENTS)
def test_reactions_against_baseline(demo_journal, demo_entries, code):
    data = view_of(demo_journal, code)
    families = {r["subject"]: r for r in data["reactions"]["feeling_families"]}
    expected_families = {}
    for family in vocab.slugs("feeling_family"):
        c, t, b, bt = presence(
            demo_entries, code, lambda e, f=family: any(vocab.feeling_family(w) == f for w in e.feelings)
        )
        if c:
            expected_families[family] = (c, t, b, bt)
    assert {f: (r["count"], r["total"], r["baseline_count"], r["baseline_total"]) for f, r in families.items()} == (
        expected_families
    )
    for r in families.values():
        assert r["rate"] == round(r["count"] / r["total"], 4)
        assert r["baseline_rate"] == round(r["baseline_count"] / r["baseline_total"], 4)

    pulls = {r["subject"]: (r["count"], r["baseline_count"]) for r in data["reactions"]["pulls"]}
    expected_pulls = {}
    for pull in vocab.slugs("pull"):
        c, _, b, _ = presence(demo_entries, code, lambda e, p=pull: p in e.pulls)
        if c:
            expected_pulls[pull] = (c, b)
    assert pulls == expected_pulls

    urges = {u["subject"]: (u["felt"], u["enacted"], u["baseline_felt"], u["baseline_enacted"])
             for u in data["reactions"]["urges"]}  # fmt: skip
    expected_urges = {}
    for urge in vocab.slugs("urge"):
        felt, _, bfelt, _ = presence(demo_entries, code, lambda e, u=urge: any(x.urge == u for x in e.urges))
        acted, _, bacted, _ = presence(
            demo_entries, code, lambda e, u=urge: any(x.urge == u and x.enacted for x in e.urges)
        )
        if felt:
            expected_urges[urge] = (felt, acted, bfelt, bacted)
    assert urges == expected_urges


@pytest.mark.parametrize("code", CLIENTS)
def test_stance_counts(demo_journal, demo_entries, code):
    data = view_of(demo_journal, code)["stance"]
    mine = Counter(e.stance for e in demo_entries if e.client == code)
    others = Counter(e.stance for e in demo_entries if e.client != code)
    assert data["counts"] == {s: mine.get(s, 0) for s in ("complementary", "non-complementary", "unsure")}
    assert data["baseline_counts"] == {s: others.get(s, 0) for s in ("complementary", "non-complementary", "unsure")}
    assert data["unrecorded"] == mine.get(None, 0)
    rated = sum(n for s, n in mine.items() if s in ("complementary", "non-complementary"))  # "unsure" is no rating
    assert data["complementary_rate"] == round(mine["complementary"] / rated, 4)


@pytest.mark.parametrize("code", CLIENTS)
def test_rupture_timeline_experiments_and_questions(demo_journal, demo_entries, code):
    mine = sorted((e for e in demo_entries if e.client == code), key=lambda e: e.session_at)
    data = view_of(demo_journal, code)
    timeline = [(t["session_number"], t["type"], t["intensity"], t["trigger"], t["resolved"], t["metacommunication"],
                 t["markers"], t["strategies"]) for t in data["ruptures"]["timeline"]]  # fmt: skip
    assert timeline == [
        (e.session_number, r.type, r.intensity, r.trigger, r.resolved, r.metacommunication, list(r.markers),
         list(r.strategies))
        for e in mine for r in e.ruptures
    ]  # fmt: skip
    assert data["ruptures"]["total"] == len(timeline)
    assert data["ruptures"]["resolved"] == dict(Counter(t[4] for t in timeline))
    assert data["ruptures"]["metacommunication"] == sum(t[5] for t in timeline)

    expected = []
    for i, e in enumerate(mine):
        if e.experiment:
            nxt = mine[i + 1] if i + 1 < len(mine) else None
            status = (
                "awaiting"
                if nxt is None
                else (nxt.experiment_followup.tried if nxt.experiment_followup else "not-asked")
            )
            expected.append((e.session_number, e.experiment, status))
    assert [(x["session_number"], x["experiment"], x["status"]) for x in data["experiments"]] == expected

    open_questions = [(e.session_number, q.question) for e in mine for q in e.supervision if q.status == "open"]
    assert [(q["session_number"], q["question"]) for q in data["open_supervision_questions"]] == open_questions


def test_the_disorganized_demo_client_in_numbers(demo_journal):
    """A spot check with the numbers written out, so a reader can see what the view says about C-9JD2."""
    data = view_of(demo_journal, "C-9JD2")
    ruptures = data["ruptures"]
    assert (ruptures["total"], ruptures["by_type"], ruptures["resolved"]) == (
        2,
        {"confrontation": 2},
        {"yes": 2},
    )
    criticized = next(r for r in data["reactions"]["feeling_families"] if r["subject"] == "criticized")
    assert (criticized["count"], criticized["total"], criticized["baseline_count"], criticized["above_baseline"]) == (
        12, 13, 0, True)  # fmt: skip


# --- a small planted journal: the example, and a shifting presentation ----------------------------------------


def planted_entries():
    """C-PLNT: 12 sessions, bored in 9 of them, anxious for 6 sessions then avoidant for 6; other clients: 30
    sessions, bored in 3 (10%). Two ruptures and one experiment with its follow-up."""
    start = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    raws = []
    for n in range(12):
        raw = {
            "client": "C-PLNT", "session_at": (start + timedelta(weeks=n)).isoformat(), "session_number": n + 1,
            "presentation": {"pattern": "anxious" if n < 6 else "avoidant", "confidence": 2,
                             "markers": ["reassurance-seeking"] if n < 6 else ["sparse-affect"]},
            "feelings": {"bored": 3} if n < 9 else {"warm": 2},
            "urges": [{"urge": "withdraw", "enacted": n % 2 == 0}],
            "stance": "complementary" if n < 8 else "non-complementary",
            "intensity": 4,
        }  # fmt: skip
        if n == 3:
            raw["ruptures"] = [{"type": "withdrawal", "intensity": 2, "resolved": "yes", "metacommunication": True}]
        if n == 10:
            raw["ruptures"] = [{"type": "confrontation", "intensity": 4, "resolved": "no", "trigger": "fee"}]
            raw["experiment"] = "Stay with the silence a little longer; write to me at a@b.example if unsure."
        if n == 11:
            raw["experiment_followup"] = {"tried": "partly"}
        raws.append(raw)
    for i in range(30):
        raws.append({
            "client": f"C-OT{i % 3}X", "session_at": (start + timedelta(days=i * 2, hours=3)).isoformat(),
            "feelings": {"bored": 1} if i < 3 else {"curious": 2}, "stance": "non-complementary",
        })  # fmt: skip
    return [parse_entry(r, now=datetime(2026, 4, 1, tzinfo=UTC)) for r in raws]


@pytest.fixture
def planted(journal):
    journal.import_entries(planted_entries())
    return journal


def test_planted_numbers(planted):
    data = view_of(planted, "C-PLNT")
    disengaged = next(r for r in data["reactions"]["feeling_families"] if r["subject"] == "disengaged")
    assert disengaged == {
        "subject": "disengaged", "count": 9, "total": 12, "rate": 0.75, "baseline_count": 3, "baseline_total": 30,
        "baseline_rate": 0.1, "above_baseline": True,
    }  # fmt: skip
    withdraw = data["reactions"]["urges"][0]
    assert (withdraw["subject"], withdraw["felt"], withdraw["enacted"], withdraw["baseline_felt"]) == (
        "withdraw",
        12,
        6,
        0,
    )
    assert data["presentation"] | {"markers": None} == {
        "predominant": "avoidant", "predominant_sessions": 6, "coded_sessions": 12, "status": "shifting",
        "earlier": "anxious", "recent": "avoidant", "markers": None,
    }  # fmt: skip
    assert data["stance"]["counts"] == {"complementary": 8, "non-complementary": 4, "unsure": 0}
    assert data["stance"]["baseline_complementary_rate"] == 0.0
    assert [(t["session_number"], t["type"], t["resolved"]) for t in data["ruptures"]["timeline"]] == [
        (4, "withdrawal", "yes"), (11, "confrontation", "no")]  # fmt: skip
    assert [(x["session_number"], x["status"], x["followup_session"]) for x in data["experiments"]] == [
        (11, "partly", 12)
    ]
    assert data["stance_reflection"]["pattern"] == "avoidant"


def test_planted_terminal_view_whole(planted):
    view = load_case(planted, "C-PLNT", prompts=stance_prompts(None))
    console = Console(width=100, file=io.StringIO(), no_color=True, highlight=False, markup=False, emoji=False)
    console.print(case_view(view, now=datetime(2026, 4, 3, 12, 0, tzinfo=UTC)))
    text = "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())
    assert text == PLANTED_VIEW.strip("\n")


PLANTED_VIEW = """
C-PLNT · 12 sessions over 11 weeks · 2026-01-05 to 2026-03-23 · last session 11 days ago
You coded avoidant / dismissing in 6 of 12 coded sessions; shifting from anxious to avoidant.
Markers seen most: sought reassurance (6) · sparse, 'fine' account; little feeling (6)

WHAT HAPPENS IN ME  12 sessions with C-PLNT vs 30 with your other clients · ▲ well above your usual
feelings           C-PLNT  others     pulls · urges                                 C-PLNT  others
disengaged ▲     9/12 75%     10%  │  withdraw, go quiet ▲         felt 12, acted 6/12 50%      0%
warm             3/12 25%     90%  │
Stance  complementary 8, non-complementary 4, unsure 0: complementary in 67% (other clients 0%)

WHAT MIGHT I OFFER INSTEAD  questions for reflection, not conclusions · avoidant / dismissing
  · Where could I stay a little nearer a moment of feeling than the client invites, without pushing?
  · When I feel bored or sleepy, what might be kept out of the room, and could I name it gently?
  · How might I show that breaks and our relationship matter, when the client says they do not?
date         #  intensity      pattern  stance  events  rupture: repair
2026-01-05   1  ████░░░░░░  4  A2         =
2026-01-12   2  ████░░░░░░  4  A2         =
2026-01-19   3  ████░░░░░░  4  A2         =
2026-01-26   4  ████░░░░░░  4  A2         =             W2 resolved, meta
2026-02-02   5  ████░░░░░░  4  A2         =
2026-02-09   6  ████░░░░░░  4  A2         =
2026-02-16   7  ████░░░░░░  4  V2         =
2026-02-23   8  ████░░░░░░  4  V2         =
2026-03-02   9  ████░░░░░░  4  V2         ≠
2026-03-09  10  ████░░░░░░  4  V2         ≠
2026-03-16  11  ████░░░░░░  4  V2         ≠             C4 unresolved
2026-03-23  12  ████░░░░░░  4  V2         ≠
pattern: S secure, A anxious, V avoidant, D disorganized, ? unclear; digit = confidence 1-3
stance: = complementary, ≠ non-complementary, ? unsure · rupture: W withdrawal, C confrontation, 1-5
Ruptures  1 confrontation, 1 withdrawal · resolved: 1 yes, 1 no · metacommunicated 1 · 1 after a fee
Experiments  1 planned · partly 1
  latest (#11, partly): Stay with the silence a little longer; write to me at a@b.example if unsure.
Open supervision questions  0
"""


# --- terminal fit and NO_COLOR ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CLIENTS)
def test_a_13_session_client_fits_100_by_40(demo_journal, code):
    view = load_case(demo_journal, code, prompts=stance_prompts(None), profile=PROFILE)
    assert len(view.sessions) == 13
    console = Console(width=100, file=io.StringIO(), no_color=True, highlight=False, markup=False, emoji=False)
    console.print(case_view(view, now=NOW))
    lines = console.file.getvalue().splitlines()
    # 40 lines while long labels were cut with an ellipsis; wrapping them in full (never cut) costs up to two
    assert len(lines) <= 42, "\n".join(lines)
    assert max(len(line.rstrip()) for line in lines) <= 100
    assert "…" not in "\n".join(lines)


def test_cli_view_no_color_uses_glyphs_and_digits(cli, demo_journal):
    demo_journal.add_profile(PROFILE)
    result = cli("client", "show", "c-9jd2")
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) <= 42
    assert lines[0].startswith("C-9JD2 · 13 sessions over 12 weeks")
    assert "criticized ▲    12/13 92%      0%" in result.stdout  # ▲ and digits carry what colour would
    assert "C2 resolved" in result.stdout and "█" in result.stdout and "≠" in result.stdout
    assert "WHAT MIGHT I OFFER INSTEAD" in result.stdout
    assert "Research links therapist attachment anxiety with helpless and inadequate" in " ".join(
        line.strip() for line in lines
    )


def test_cli_errors(cli, demo_journal):
    result = cli("client", "show", "C-ZZZZ")
    assert (result.exit_code, result.stderr) == (
        1, "Error: no client C-ZZZZ in this journal. `reflect clients` lists the client codes.\n")  # fmt: skip
    result = cli("client", "show", "Jane Doe")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: client code must be a client code")
    result = cli("client", "show", "C-9JD2", "--strict")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --output, --strict, --no-redact and --include-private go with --markdown or --format.\n",
    )
    result = cli("client", "show", "C-9JD2", "--markdown", "--strict", "--no-redact")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --strict and --no-redact contradict each other; choose one.\n",
    )


def test_no_journal_yet(cli):
    result = cli("client", "show", "C-7F3K")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: there is no journal at")


def test_client_without_sessions_and_closed(cli, journal):
    journal.ensure_client("C-EMPT")
    journal.db.execute("UPDATE clients SET closed_on = '2026-02-01' WHERE code = 'C-EMPT'")
    result = cli("client", "show", "C-EMPT")
    assert result.stdout == "C-EMPT · 0 sessions · closed 2026-02-01\nNo sessions logged for this client yet.\n"
    data = json.loads(cli("client", "show", "C-EMPT", "--json").stdout)
    assert (data["sessions"], data["closed_on"], data["presentation"]["status"]) == (0, "2026-02-01", "too-early")


def test_a_first_session_reads_as_one_session_with_no_empty_columns(cli, tmp_path):
    from conftest import write_json

    answers = write_json(tmp_path / "a.json", {"client": "C-AB12", "session_at": "2026-03-10 12:00",
                                               "feelings": {"anxious": 3}})  # fmt: skip
    assert cli("new", "--answers", str(answers)).exit_code == 0
    from reflect.render.console import out

    out.cache_clear()  # the stdout console is made once per process, with the width of its time
    try:
        lines = cli("client", "show", "C-AB12", env={"COLUMNS": "100"}).stdout.splitlines()
    finally:
        out.cache_clear()
    assert lines[0].startswith("C-AB12 · 1 session · 2026-03-10 · last session ")
    assert lines[1:5] == [
        "No presentation coded yet.",
        "",
        "WHAT HAPPENS IN ME  in 1 session with C-AB12 (no other clients to compare with yet)",
        "feelings           C-AB12  others",
    ]
    assert lines[5].split() == ["overwhelmed", "1/1", "100%", "–"]  # the feeling's family; no pulls or urges column
    document = cli("client", "show", "C-AB12", "--markdown").stdout
    assert "1 session, " in document and " over 0 days" not in document


def test_json_document_shape(cli, demo_journal):
    data = json.loads(cli("client", "show", "C-2QX9", "--json").stdout)
    assert list(data) == [
        "client", "closed_on", "sessions", "first_session", "last_session", "span_days", "baseline_sessions",
        "presentation", "session_strip", "reactions", "stance", "ruptures", "experiments",
        "open_supervision_questions", "stance_reflection", "attachment_findings",
    ]  # fmt: skip
    assert data["attachment_findings"] == []  # no profile yet
    assert data["stance_reflection"]["source"] == "shipped"


# --- the presentation trend, defined precisely ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        ([], (None, 0, 0, "too-early", None, None)),
        (["anxious"] * 5, ("anxious", 5, 5, "too-early", None, None)),
        (["unclear", None] + ["anxious"] * 6, ("anxious", 6, 6, "stable", "anxious", "anxious")),
        (["anxious"] * 4 + ["avoidant"] * 2 + ["anxious"] * 2, ("anxious", 6, 8, "mixed", "anxious", None)),
        (["anxious"] * 4 + ["avoidant"] * 3 + ["anxious"], ("anxious", 5, 8, "shifting", "anxious", "avoidant")),
        (["anxious"] * 3 + ["avoidant"] * 2 + ["secure"] + ["avoidant"] * 3,
         ("avoidant", 5, 9, "shifting", "anxious", "avoidant")),
        # earlier run ties (2 anxious, 2 secure): the one seen last wins, so the recent secure run is stable.
        (["anxious", "secure", "anxious", "secure"] + ["secure"] * 4, ("secure", 6, 8, "stable", "secure", "secure")),
        (["secure"] * 2 + ["disorganized", "secure", "disorganized", "disorganized"],
         ("disorganized", 3, 6, "shifting", "secure", "disorganized")),
    ],
)  # fmt: skip
def test_presentation_trend(patterns, expected):
    t = presentation_trend(patterns)
    assert (t.predominant, t.predominant_sessions, t.coded_sessions, t.status, t.earlier, t.recent) == expected


# --- research-linked findings -----------------------------------------------------------------------------------------


def test_attachment_findings_need_scores_a_higher_score_and_a_recurring_reaction():
    counts = ReactionCounts(sessions=13, pulls={"helpless-inadequate": 9}, families={"inadequate": 13})
    found = attachment_findings(PROFILE, counts, client="C-9JD2")
    assert [f.as_dict() for f in found] == [{
        "kind": "therapist-attachment", "client": "C-9JD2", "subject": "anxiety/helpless-inadequate",
        "dimension": "anxiety", "score": 4.4, "count": 13, "total": 13, "rate": 1.0, "reference": "Pell 2022",
        "text": "Inadequate feelings with this client in 13 of 13 sessions, and your attachment anxiety is 4.4 "
                "(ECR-R). Research links therapist attachment anxiety with helpless and inadequate countertransference "
                "(Pell 2022). Is that worth exploring in supervision?",
    }]  # fmt: skip
    assert attachment_findings(None, counts) == []
    assert attachment_findings(Profile(recorded_at=NOW, training_stage="trainee"), counts) == []
    calm = Profile(recorded_at=NOW, anxiety=4.0, avoidance=2.0, measure="ECR-R", taken_on=date(2026, 1, 1))
    assert attachment_findings(calm, counts) == []  # the midpoint itself is not "above"
    assert attachment_findings(PROFILE, ReactionCounts(sessions=13, families={"inadequate": 4})) == []  # under a third
    assert attachment_findings(PROFILE, ReactionCounts(sessions=3, families={"inadequate": 3})) == []  # too few


def test_attachment_findings_for_avoidance_and_stance():
    dismissing = Profile(recorded_at=NOW, anxiety=2.0, avoidance=5.1, measure="ECR-R", taken_on=date(2026, 1, 1))
    anxious_client = ReactionCounts(sessions=10, families={"disengaged": 6, "angry": 4}, pattern="anxious",
                                    complementary=2, stance_recorded=10)  # fmt: skip
    found = attachment_findings(dismissing, anxious_client)
    assert [(f.subject, f.reference, f.count) for f in found] == [
        ("avoidance/hostile-angry", "Mohr, Gelso & Hill 2005", 4),
        ("avoidance/anxious-client", "Mohr, Gelso & Hill 2005", 6),
    ]
    assert "dismissing trainee" in found[1].text
    avoidant_client = ReactionCounts(sessions=10, pattern="avoidant", complementary=8, stance_recorded=10)
    [tyrrell] = attachment_findings(dismissing, avoidant_client)
    assert (tyrrell.subject, tyrrell.count, tyrrell.total) == ("avoidance/complementary-stance", 8, 10)
    assert all(f.text.endswith("?") for f in [*found, tyrrell])


def test_demo_profile_findings_in_the_view(demo_journal):
    data = view_of(demo_journal, "C-2QX9", profile=PROFILE)
    assert [(f["subject"], f["count"], f["total"]) for f in data["attachment_findings"]] == [
        ("anxiety/helpless-inadequate", 12, 13), ("anxiety/disengaged", 12, 13)]  # fmt: skip
    assert all("C-2QX9" not in f["text"] for f in data["attachment_findings"])


# --- the profile ------------------------------------------------------------------------------------------------------


def test_updated_profile_rules():
    now, today = NOW, date(2026, 3, 12)
    p = updated_profile(None, now=now, today=today, anxiety=3.14159, avoidance=2, measure=" ECR-R ")
    assert (p.anxiety, p.avoidance, p.measure, p.taken_on) == (3.14, 2.0, "ECR-R", today)
    q = updated_profile(p, now=now, today=today, training_stage="qualified")
    assert (q.anxiety, q.measure, q.training_stage) == (3.14, "ECR-R", "qualified")
    r = updated_profile(q, now=now, today=today, clear=["scores"])
    assert (r.anxiety, r.avoidance, r.measure, r.taken_on, r.training_stage) == (None, None, None, None, "qualified")
    cases = [
        (dict(anxiety=8, avoidance=2, measure="ECR-R"), ValidationError, "--anxiety must be a score from 1 to 7"),
        (dict(anxiety=float("nan"), avoidance=2, measure="ECR-R"), ValidationError, "--anxiety must be"),
        (dict(anxiety=3), UsageError, "give both --anxiety and --avoidance"),
        (dict(anxiety=3, avoidance=2), UsageError, "name the measure"),
        (dict(measure="ECR-R"), UsageError, "--measure and --taken go with new scores"),
        (dict(anxiety=3, avoidance=2, measure="x" * 41), ValidationError, "--measure must be"),
        (dict(anxiety=3, avoidance=2, measure="ECR-R", taken_on=date(2026, 3, 13)), ValidationError, "future"),
        (dict(supervisor="Dr Jane Smith"), ValidationError, "never a name"),
        (dict(training_stage="guru"), ValidationError, "--stage has an unknown value"),
        (dict(clear=["shoe-size"]), UsageError, "--clear takes"),
        (dict(supervisor="S-1", clear=["supervisor"]), UsageError, "contradict"),
        ({}, UsageError, "nothing to set"),
    ]
    for kwargs, error, text in cases:
        with pytest.raises(error, match=re.escape(text)):
            updated_profile(p, now=now, today=today, **kwargs)


def test_profile_cli_history(cli):
    assert cli("profile", "show").stderr.startswith("No profile yet")
    result = cli("profile", "set", "--anxiety", "4.4", "--avoidance", "2.3", "--measure", "ECR-R", "--taken",
                 "2026-01-04", "--stage", "trainee", "--supervisor", "s-priv9")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert cli("profile", "set", "--orientation", "systemic").exit_code == 0
    data = json.loads(cli("profile", "show", "--json").stdout)
    assert len(data["history"]) == 2
    assert data["profile"] | {"recorded_at": None} == {
        "recorded_at": None, "anxiety": 4.4, "avoidance": 2.3, "measure": "ECR-R", "taken_on": "2026-01-04",
        "training_stage": "trainee", "supervisor": "S-PRIV9", "orientation": "systemic",
    }  # fmt: skip
    assert data["history"][0]["orientation"] is None
    shown = cli("profile", "show").stdout
    assert "anxiety 4.4 · avoidance 2.3 (1-7) · ECR-R, taken 2026-01-04" in shown
    assert "Integrative" not in shown and "Systemic / family" in shown
    bad = cli("profile", "set", "--anxiety", "9", "--avoidance", "2", "--measure", "ECR-R")
    assert (bad.exit_code, bad.stderr) == (
        1,
        "Error: --anxiety must be a score from 1 to 7 (the measure's mean item score).\n",
    )
    assert len(json.loads(cli("profile", "show", "--json").stdout)["history"]) == 2  # nothing half-written


def test_profile_never_in_the_json_export(cli, demo_journal):
    demo_journal.add_profile(PROFILE)
    result = cli("export")
    assert result.exit_code == 0
    for secret in ("S-PRIV9", "ECR-R", "clinician_profile", "training_stage", "systemic", '"profile"'):
        assert secret not in result.stdout
    document = json.loads(result.stdout)
    assert set(document) == {"format", "reflect_version", "exported_at", "redaction", "entries"}


# --- stance questions as data -----------------------------------------------------------------------------------------


def test_shipped_stance_questions_are_questions_that_fit_a_line():
    tables = stance_prompts(None)
    assert set(tables) == set(vocab.slugs("pattern"))
    for t in tables.values():
        assert t.questions and t.offer and (t.pull or t.pattern == "unclear")
        for q in t.questions:
            assert q.endswith("?") and len(q) <= 96, q  # "  · " + question fits 100 columns


def test_user_stance_file_overrides_one_table(cli, demo_journal, journal_home):
    (journal_home / "prompts").mkdir()
    (journal_home / "prompts" / "stance.toml").write_text(
        '[disorganized]\nquestions = ["What would steadiness look like next week?"]\n', encoding="utf-8"
    )
    data = json.loads(cli("client", "show", "C-9JD2", "--json").stdout)["stance_reflection"]
    assert (data["source"], data["questions"], data["offer"]) == (
        "user",
        ["What would steadiness look like next week?"],
        None,
    )
    anxious = json.loads(cli("client", "show", "C-7F3K", "--json").stdout)["stance_reflection"]
    assert anxious["source"] == "shipped"
    assert cli("prompts", "list").exit_code == 0  # stance.toml is not mistaken for a question pack


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[anxious]\nquestions = ["Reassure less."]\n',
         "line 1, [anxious] key 'questions': item 1 must end with '?': word it as a question for reflection."),
        ('# mine\n\n[avoidant]\nquestions = ["Why?"]\ncolour = "red"\n',
         "line 3, [avoidant] key 'colour': unknown key; a stance table has: pull, offer, questions."),
        ('[curious]\nquestions = ["Why?"]\n',
         "line 1, [curious]: unknown presentation; tables are named after one of: secure, anxious, avoidant, "
         "disorganized, unclear."),
        ('[secure]\nquestions = []\n', "line 1, [secure] key 'questions': must be a list of 1 to 8 questions."),
        ("[secure\n", "not valid TOML"),
    ],
)  # fmt: skip
def test_bad_user_stance_file_names_file_line_and_key(cli, demo_journal, journal_home, text, message):
    path = journal_home / "prompts" / "stance.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    result = cli("client", "show", "C-9JD2")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}")
    assert message in result.stderr
    assert result.stdout == ""


def test_prompts_validate_knows_the_stance_file(cli, tmp_path):
    from reflect.domain.packs import shipped_dir

    result = cli("prompts", "validate", str(shipped_dir() / "stance.toml"))
    assert result.exit_code == 0
    assert " ".join(result.stderr.split()).endswith(
        "ok, stance questions for anxious, avoidant, disorganized, secure, unclear."
    )
    bad = tmp_path / "stance.toml"
    bad.write_text('[anxious]\nquestions = ["Slow down."]\n', encoding="utf-8")
    result = cli("prompts", "validate", str(bad))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {bad}, line 1, [anxious] key 'questions': item 1 must end with '?': word it as a question for "
           "reflection.\n")  # fmt: skip


# --- schema and demo --------------------------------------------------------------------------------------------------


def test_profile_table_constraints(journal):
    import sqlite3

    from reflect.store.migrations import migrations

    # later migrations (other features) may follow; this one must be applied
    assert "m040_create_clinician_profile" in {m.name for m in migrations.applied(journal.db)}
    for values in ([8.0, 2.0, "ECR-R", "2026-01-01"], [3.0, None, "ECR-R", "2026-01-01"], [3.0, 2.0, None, None]):
        with pytest.raises(sqlite3.IntegrityError):
            journal.db.execute(
                "INSERT INTO clinician_profile (recorded_at, anxiety, avoidance, measure, taken_on) VALUES (?,?,?,?,?)",
                ["2026-01-01T00:00:00+00:00", *values],
            )
    journal.add_profile(PROFILE)
    assert journal.latest_profile() == Profile(**{**PROFILE.__dict__, "id": 1})


def test_demo_has_a_profile_and_shows_a_client(cli, tmp_path):
    result = cli("demo", "--dir", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    assert "reflect client show C-9JD2" in result.stdout  # the tour points at one client's view
    assert "WHAT MIGHT I OFFER INSTEAD" in cli("--home", str(tmp_path / "demo"), "client", "show", "C-9JD2").stdout
    shown = cli("--home", str(tmp_path / "demo"), "profile", "show", "--json")
    profile = __import__("json").loads(shown.stdout)["profile"]
    assert (profile["anxiety"], profile["avoidance"], profile["measure"]) == (4.4, 2.3, "ECR-R")


def test_long_therapy_strip_shows_the_latest_sessions_unless_all(cli, journal):
    from reflect.flows.demo import generate

    journal.import_entries(generate(100, seed=3, end=datetime(2026, 3, 11, 17, tzinfo=UTC)))  # 25 sessions each
    shown = cli("client", "show", "C-2QX9").stdout
    assert "9 earlier sessions not shown: --all shows every session" in shown
    assert len(re.findall(r"^\d{4}-\d{2}-\d{2} +\d+ ", shown, re.M)) == 16
    everything = cli("client", "show", "C-2QX9", "--all").stdout
    assert len(re.findall(r"^\d{4}-\d{2}-\d{2} +\d+ ", everything, re.M)) == 25
    assert "earlier sessions not shown" not in everything


def test_narrow_terminal_stacks_the_reactions(cli, demo_journal):
    from reflect.render.console import out

    out.cache_clear()  # the stdout console is made once per process, with the width of its time
    try:
        result = cli("client", "show", "C-7F3K", env={"COLUMNS": "80"})
    finally:
        out.cache_clear()
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert any(line.startswith("feelings ") for line in lines) and any(
        line.startswith("pulls · urges") for line in lines
    )


def test_an_older_journal_gains_the_profile_table(journal_home):
    """Upgrade path: a journal written before m040 opens, gets the table, and keeps its entries."""
    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as j:
        j.import_entries(planted_entries()[:3])
        j.db.execute("DROP TABLE clinician_profile")
        j.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm040_create_clinician_profile'")
    with Journal.open(Paths(journal_home)) as j:
        assert j.schema_version() == "m040_create_clinician_profile"
        assert j.latest_profile() is None
        assert j.count_entries() == 3


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["secure", "anxious", "avoidant", "disorganized", "unclear", None]), max_size=30))
def test_presentation_trend_properties(patterns):
    t = presentation_trend(patterns)
    coded = [p for p in patterns if p and p != "unclear"]
    assert t.coded_sessions == len(coded)
    assert t.predominant_sessions == (max(Counter(coded).values()) if coded else 0)
    if len(coded) < 6:
        assert t.status == "too-early"
    else:
        recent = Counter(coded[-4:]).most_common(1)[0]
        assert (t.status == "mixed") == (recent[1] < 3)
        if t.status in ("stable", "shifting"):
            assert t.recent == recent[0]
            assert (t.status == "shifting") == (t.recent != t.earlier)
            assert t.earlier in coded[:-4]
