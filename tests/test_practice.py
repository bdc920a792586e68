"""Case-based practice: the shipped vignettes, the vignette validator, answers files, scoring, progress, storage,
export and import, purge, and the supervision prep section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.analysis.practice import agreement, compare, progress, progress_to_dict
from reflect.domain import vignettes
from reflect.domain.packs import PackError, shipped_dir
from reflect.domain.practice_attempts import Attempt, attempt_to_dict, parse_answers, parse_record
from reflect.errors import ValidationError
from strategies import nasty_text, slugs

SHIPPED = sorted((shipped_dir() / "vignettes").glob("*.toml"))

# A small user vignette, so whole outputs stay short and do not change when the shipped texts are edited.
OWN = '''
[[vignette]]
id = "waiting-room"
title = "The waiting room"
pattern = "anxious"
setting = "Third session, a 30-year-old teacher."
text = """
She is in the waiting room twenty minutes early and asks the receptionist twice whether you are running late. In the
room she apologises for being early, then asks whether you minded her email on Sunday, when she only wanted to check
the time of today's session. She tells you about a colleague who did not say good morning and wonders aloud, three
times, what she might have done to upset him. Each time you offer a thought she watches your face closely and asks
whether you think she is overreacting. You notice you are leaning forward and talking more than usual, and that the
end of the hour is coming faster than you would like. As you begin to close she says there is one more thing she
really needs to tell you, and reaches for her bag only slowly.
"""

[vignette.reading]
presentation = "anxious"
markers = [
    { marker = "contact-between-sessions", evidence = "whether you minded her email on Sunday" },
    { marker = "hypervigilant", evidence = "she watches your face closely" },
    { marker = "hard-to-end", evidence = "there is one more thing she really needs to tell you" },
]
pulls = ["parental-protective"]
feelings = ["protective", "responsible"]
urges = ["reassure", "over-run-time"]
question = "What would ending on time, warmly, say to her that reassurance cannot?"

[[vignette.response]]
text = "Of course, take your time; we can run over a little."
stance = "complementary"
why = "It gives the time the anxious strategy pulls for."

[[vignette.response]]
text = "Let's hold that one more thing and begin with it next week; I will remember."
stance = "non-complementary"
preferred = true
why = "It ends on time and shows she is kept in mind."

[[vignette.response]]
text = "We need to stop now."
stance = "non-complementary"
why = "It holds the frame but without warmth."
'''


def own_vignette(home: Path) -> Path:
    folder = home / "prompts" / "vignettes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "own.toml"
    path.write_text(OWN, encoding="utf-8")
    return path


# --- the shipped vignettes -------------------------------------------------------------------------------------------


def test_every_shipped_vignette_validates_with_a_complete_reading():
    found = [v for path in SHIPPED for v in vignettes.load_file(path, source="shipped")]
    assert len(found) == 16
    assert len({v.id for v in found}) == 16
    for pattern in vignettes.PATTERNS:
        mine = [v for v in found if v.pattern == pattern]
        assert len(mine) == 4, pattern
        assert any(v.reading.presentation == "mixed" for v in mine), f"no mixed {pattern} vignette"
    for v in found:
        assert vignettes.MIN_WORDS <= vignettes.word_count(v.text) <= vignettes.MAX_WORDS
        assert v.setting and v.reading.markers and v.reading.pulls and v.reading.question.endswith("?")
        assert {r.stance for r in v.responses} == {"complementary", "non-complementary"}
        assert sum(r.preferred for r in v.responses) == 1
        assert all(r.why for r in v.responses)
        if v.reading.presentation == "mixed":
            assert v.pattern in v.reading.leans and v.reading.why_mixed
        assert v.pattern not in v.id  # the id is shown before the reading: it must not give the presentation away


def test_shown_order_is_fixed_per_vignette_and_varies_across_them():
    found = [v for path in SHIPPED for v in vignettes.load_file(path)]
    again = [v for path in SHIPPED for v in vignettes.load_file(path)]
    assert [v.shown_responses() for v in found] == [v.shown_responses() for v in again]
    first = [v.shown_responses()[0].stance for v in found]
    assert "complementary" in first and "non-complementary" in first
    preferred_at = {[r.preferred for r in v.shown_responses()].index(True) for v in found}
    assert len(preferred_at) >= 3  # the response the reading leans toward is not always in one place


def test_prompts_validate_accepts_the_shipped_files(cli):
    result = cli("prompts", "validate", *map(str, SHIPPED))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(": ok, 4 vignettes: ") == 4


# --- the validator ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('id = "waiting-room"', 'id = "Waiting Room"'),
         "line 2, vignette 1 ('Waiting Room'), field 'id': is required"),
        (('pattern = "anxious"', 'pattern = "clingy"'), "field 'pattern': must be one of: secure, anxious"),
        (("She is in the waiting room", "Early. " * 120 + "She"),
         "field 'text': has 256 words; a vignette has 120 to 250."),
        (('evidence = "she watches your face closely"', 'evidence = "she stares"'),
         "field 'reading.markers': item 2: the evidence for 'hypervigilant' is not quoted from the vignette's text."),
        (('marker = "hard-to-end"', 'marker = "clingy"'),
         "field 'reading.markers': item 3: 'clingy' is not in the marker vocabulary."),
        (('pulls = ["parental-protective"]', 'pulls = ["rescuer"]'),
         "field 'reading.pulls': 'rescuer' is not in the pull vocabulary"),
        (('question = "What would ending on time, warmly, say to her that reassurance cannot?"',
          'question = "End on time."'), "field 'reading.question': is required: one question"),
        (('presentation = "anxious"', 'presentation = "mixed"'), "field 'reading.leans': a mixed reading names"),
        (('preferred = true', 'preferred = false'), "field 'response': mark exactly one response 'preferred = true'"),
        (('stance = "complementary"', 'stance = "non-complementary"'),
         "field 'response': needs at least one complementary and one non-complementary response."),
        (('why = "It holds the frame but without warmth."', 'because = "no"'), "field 'response 3': unknown key"),
        (('title = "The waiting room"', 'title = "The waiting room"\nsummary = "x"'), "field 'summary': unknown key"),
    ],
)  # fmt: skip
def test_a_bad_vignette_names_file_line_vignette_and_field(tmp_path, change, problem):
    old, new = change
    assert old in OWN
    path = tmp_path / "vignettes" / "bad.toml"
    path.parent.mkdir()
    path.write_text(OWN.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        vignettes.load_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, "), message
    assert problem in message, message


def test_prompts_validate_reports_a_bad_vignette_in_one_line(cli, tmp_path):
    path = tmp_path / "vignettes" / "mine.toml"
    path.parent.mkdir()
    path.write_text(OWN.replace('"hypervigilant"', '"watchful"'), encoding="utf-8")
    result = cli("prompts", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"Error: {path}, line 2, vignette 1 ('waiting-room'), field 'reading.markers': item 2: "
                             "'watchful' is not in the marker vocabulary.\n")  # fmt: skip


def test_own_vignettes_join_the_shipped_ones_and_replace_the_same_id(journal_home):
    own_vignette(journal_home)
    found = vignettes.available(journal_home / "prompts")
    assert len(found) == 17 and found["waiting-room"].source == "user"
    (journal_home / "prompts" / "vignettes" / "own.toml").write_text(OWN.replace("waiting-room", "the-stent"))
    found = vignettes.available(journal_home / "prompts")
    assert len(found) == 16 and found["the-stent"].title == "The waiting room"


# --- an attempt through an answers file ------------------------------------------------------------------------------

FEEDBACK = """\
One experienced reading of “The waiting room”
One experienced reading of this moment, to think with beside your own: not the answer.

What you see
  You:           Anxious / preoccupied (fairly sure)
  This reading:  Anxious / preoccupied
  You and this reading see the same presentation.

Markers
  Seen by you and by this reading:
    Watchful of my tone and face: “she watches your face closely”
  In this reading, not ticked by you:
    Contact between sessions: “whether you minded her email on Sunday”
    Hard to end the session: “there is one more thing she really needs to tell you”
  Ticked by you, not in this reading: Came close, then pulled away.
    Where in the text did you see it? A reading can miss things too.

What it may stir in the clinician
  Feelings
    You skipped this. This reading names: protective, responsible.
  Pulls
    Both of you: Parental / protective.
    Yours, not in this reading: Idealized.
  Urges
    You skipped this. This reading names: Reassure, Over-run the time.

The responses
  1. Let's hold that one more thing and begin with it next week; I will remember.
     [non-complementary; the one this reading leans toward; your choice]
     It ends on time and shows she is kept in mind.
  2. We need to stop now.  [non-complementary]
     It holds the frame but without warmth.
  3. Of course, take your time; we can run over a little.  [complementary]
     It gives the time the anxious strategy pulls for.
  You chose 1, the response this reading leans toward.

Your reflection
  I would run over.

A question to take further
  What would ending on time, warmly, say to her that reassurance cannot?

"""

ANSWERS_TOML = """\
vignette = "waiting-room"
presentation = "anxious"
confidence = 2
markers = ["hypervigilant", "approach-avoid"]
pulls = ["parental-protective", "idealized"]
response = 1
reflection = "I would run over."
"""


def test_an_answers_file_is_stored_scored_and_shown_beside_the_reading(cli, journal_home, tmp_path):
    own_vignette(journal_home)
    answers = tmp_path / "mine.toml"
    answers.write_text(ANSWERS_TOML, encoding="utf-8")
    result = cli("practice", "--answers", str(answers))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == FEEDBACK
    assert result.stderr.startswith("Saved practice attempt ")

    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as j:
        (stored,) = j.attempts()
    data = attempt_to_dict(stored)
    assert {k: data[k] for k in ("vignette", "presentation", "confidence", "markers", "feelings", "pulls", "urges",
                                 "response", "response_stance", "response_preferred", "reflection")} == {
        "vignette": "waiting-room", "presentation": "anxious", "confidence": 2,
        "markers": ["hypervigilant", "approach-avoid"], "feelings": None, "pulls": ["parental-protective", "idealized"],
        "urges": None, "response": 1, "response_stance": "non-complementary", "response_preferred": True,
        "reflection": "I would run over.",
    }  # fmt: skip
    assert stored.finished_at == stored.started_at
    assert data["reading"]["markers"] == ["contact-between-sessions", "hypervigilant", "hard-to-end"]


def test_answers_as_json_on_stdin_with_json_output(cli, journal_home):
    own_vignette(journal_home)
    answers = {"vignette": "waiting-room", "presentation": "secure", "markers": [], "response": 3}
    result = cli("practice", "--answers", "-", "--json", input=json.dumps(answers))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["comparison"] == {
        "agreement": "differ",
        "markers": {"shared": [], "reading_only": ["contact-between-sessions", "hypervigilant", "hard-to-end"],
                    "yours_only": []},
        "feelings": None, "pulls": None, "urges": None,
    }  # fmt: skip
    assert data["attempt"]["response_stance"] == "complementary"
    assert data["attempt"]["markers"] == []  # answered with nothing ticked: not the same as skipped


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ({"presentation": "anxious"}, '"vignette" (the id, as `reflect practice list` shows) is required.'),
        ({"vignette": "nope"}, "no vignette 'nope'; `reflect practice list` shows the ids."),
        ({"vignette": "the-stent", "response": 4}, '"response" must be a number from 1 to 3 (as the responses'),
        ({"vignette": "the-stent", "response": True}, '"response" must be a whole number from 1 to 3.'),
        ({"vignette": "the-stent", "presentation": "clingy"}, '"presentation" must be one of: secure, anxious'),
        ({"vignette": "the-stent", "confidence": 2}, '"confidence" goes with a "presentation".'),
        ({"vignette": "the-stent", "markers": ["sulky"]}, "\"markers\": 'sulky' is not in the marker vocabulary."),
        ({"vignette": "the-stent", "pulls": "disengaged"}, '"pulls" must be a list of pull slugs'),
        ({"vignette": "the-stent", "client": "C-7F3K"}, "unknown field 'client'"),
    ],
)
def test_bad_answers_give_one_error_line_and_store_nothing(cli, journal_home, answers, error):
    result = cli("practice", "--answers", "-", input=json.dumps(answers))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and error in result.stderr and result.stderr.count("\n") == 1
    listed = json.loads(cli("practice", "list", "--json").stdout)
    assert not any(v["done"] or v["started"] for v in listed)


def test_list_json_never_holds_a_reading(cli, journal_home):
    own_vignette(journal_home)
    cli("practice", "--answers", "-", input=json.dumps({"vignette": "the-stent"}))
    listed = json.loads(cli("practice", "list", "--json").stdout)
    assert len(listed) == 17
    assert [v["id"] for v in listed] == sorted(v["id"] for v in listed)
    for v in listed:
        assert set(v) == {"id", "title", "setting", "source", "done", "started"}
    assert [v["id"] for v in listed if v["done"]] == ["the-stent"]
    text = json.dumps(listed)
    for word in ("avoidant", "anxious", "secure", "disorganized", "mixed", "complementary"):
        assert word not in text


def test_interactive_practice_needs_a_terminal(cli):
    result = cli("practice", input="")
    assert result.exit_code == 2
    assert result.stderr == ("Error: reflect practice needs a terminal to ask questions; use --answers FILE (or - for "
                             "stdin) instead.\n")  # fmt: skip


# --- the questions, through the Asker seam ---------------------------------------------------------------------------


def test_the_flow_saves_every_answer_as_it_is_given_and_skips_stay_skipped():
    from reflect.interview import practice as practice_flow
    from reflect.interview.asker import ScriptedAsker

    v = vignettes.available(None)["the-stent"]
    saved: list[dict] = []
    shown: list[str] = []
    asker = ScriptedAsker(["avoidant", "skip", ["sparse-affect"], [], ["disengaged"], ["lecture"], 2, ""])
    attempt = practice_flow.run(asker, v, lambda a: saved.append(attempt_to_dict(a)), lambda x: shown.append(x.id))
    assert [m for _, m in asker.asked] == [
        "What presentation do you see?", "How sure are you?", "Which markers do you see in the text?",
        "What do you feel, reading it?", "Which role do you feel pulled into?", "What would you feel like doing?",
        "Which response would you offer?", "Anything else you notice, in the client or in yourself?",
    ]  # fmt: skip
    assert shown == ["the-stent"]
    assert len(saved) == 9  # on starting, after each of the first 7 answers, and with the reflection on finishing
    assert saved[0]["presentation"] is None and saved[1]["presentation"] == "avoidant"
    assert saved[-2]["finished_at"] is None and saved[-1]["finished_at"] is not None
    assert attempt.confidence is None  # skipped
    assert attempt.feelings is None  # nothing ticked in the terminal: unanswered, never an empty answer
    assert attempt.reflection is None
    assert attempt.response == 2 and attempt.response_stance == v.shown_responses()[1].stance


def test_an_interrupted_attempt_is_kept_as_started_and_left_out_of_progress(journal):
    from reflect.interview import practice as practice_flow
    from reflect.interview.asker import ScriptedAsker

    v = vignettes.available(None)["holiday-dates"]
    with pytest.raises(KeyboardInterrupt):
        practice_flow.run(ScriptedAsker(["disorganized", 3, ScriptedAsker.INTERRUPT]), v, journal.save_attempt,
                          lambda x: None)  # fmt: skip
    assert journal.attempted_vignettes() == {"holiday-dates": "started"}
    (kept,) = journal.attempts(finished_only=False)
    assert (kept.presentation, kept.confidence, kept.markers, kept.finished_at) == ("disorganized", 3, None, None)
    assert journal.attempts() == []


def test_the_next_vignette_offered_is_from_the_presentation_practised_least(journal):
    from reflect.commands.practice import _pick

    all_v = vignettes.available(None)
    done: dict[str, str] = {}
    offered = []
    for _ in range(16):
        v = _pick(all_v, done, None, None)
        offered.append(v.pattern)
        done[v.id] = "done"
    for i in range(0, 16, 4):
        assert sorted(offered[i : i + 4]) == sorted(vignettes.PATTERNS)
    with pytest.raises(Exception, match="you have done every vignette"):
        _pick(all_v, done, None, None)
    assert _pick(all_v, {}, None, "secure").pattern == "secure"


# --- scoring and progress --------------------------------------------------------------------------------------------


def test_agreement_levels():
    assert agreement(None, "anxious", []) is None
    assert agreement("anxious", "anxious", []) == "agree"
    assert agreement("mixed", "mixed", ["anxious", "disorganized"]) == "agree"
    assert agreement("disorganized", "mixed", ["anxious", "disorganized"]) == "partly"
    assert agreement("secure", "mixed", ["anxious", "disorganized"]) == "differ"
    assert agreement("mixed", "anxious", []) == "differ"
    assert agreement("unclear", "anxious", []) == "unclear"


def attempt(vid: str, when: str, **answers) -> Attempt:
    """An attempt at a shipped vignette begun at `when` (UTC noon keeps the local week the same in any zone)."""
    from reflect.domain.practice_attempts import choose_response, snapshot_of

    v = vignettes.available(None)[vid]
    a = Attempt(vignette=vid, reading=snapshot_of(v), started_at=f"{when}T12:00:00+00:00")
    response = answers.pop("response", None)
    for key, value in answers.items():
        setattr(a, key, value)
    choose_response(a, v, response)
    a.finished_at = a.started_at
    return a


def preferred_number(vid: str) -> int:
    return [r.preferred for r in vignettes.available(None)[vid].shown_responses()].index(True) + 1


def complementary_number(vid: str) -> int:
    return [r.stance for r in vignettes.available(None)[vid].shown_responses()].index("complementary") + 1


def history() -> list[Attempt]:
    return [
        # week of 2 Nov: an avoidant vignette read as anxious, two of its three markers missed
        attempt("the-stent", "2026-11-03", presentation="anxious", markers=["sparse-affect"],
                response=complementary_number("the-stent")),
        # the same week: a mixed anxious/disorganized vignette read as anxious (partly); markers skipped
        attempt("sick-of-me", "2026-11-05", presentation="anxious", response=preferred_number("sick-of-me")),
        # week of 9 Nov: agreement on an avoidant vignette, every marker seen
        attempt("double-shift", "2026-11-10", presentation="avoidant",
                markers=["dismisses-breaks", "self-sufficient", "sparse-affect"],
                response=preferred_number("double-shift")),
        # presentation skipped; one marker missed of two
        attempt("thought-record", "2026-11-11", markers=["can-disagree"]),
        # week of 16 Nov: "unclear" on a vignette written for avoidant (read as mixed); two markers missed
        attempt("the-callout", "2026-11-17", presentation="unclear", markers=["dissociation", "coherence-lapse"],
                response=complementary_number("the-callout")),
    ]  # fmt: skip


PROGRESS = {
    "attempts": 5,
    "vignettes": 5,
    "first": "2026-11-03",
    "last": "2026-11-17",
    "by_week": [{"week": "2026-11-02", "attempts": 2}, {"week": "2026-11-09", "attempts": 2},
                {"week": "2026-11-16", "attempts": 1}],
    "by_presentation": {
        "secure": {"attempts": 1, "answered": 0, "agree": 0, "partly": 0, "differ": 0, "unclear": 0, "skipped": 1,
                   "trend": []},
        "anxious": {"attempts": 1, "answered": 1, "agree": 0, "partly": 1, "differ": 0, "unclear": 0, "skipped": 0,
                    "trend": [0.5]},
        "avoidant": {"attempts": 3, "answered": 3, "agree": 1, "partly": 0, "differ": 1, "unclear": 1, "skipped": 0,
                     "trend": [0.0, 1.0, 0.0]},
        "disorganized": {"attempts": 0, "answered": 0, "agree": 0, "partly": 0, "differ": 0, "unclear": 0,
                         "skipped": 0, "trend": []},
    },
    "markers_answered": 4,
    "markers_missed": [
        {"marker": "self-sufficient", "missed": 2, "present": 3},
        {"marker": "intellectualising", "missed": 1, "present": 1},
        {"marker": "secure-base", "missed": 1, "present": 1},
        {"marker": "sparse-affect", "missed": 1, "present": 3},
    ],
    "responses_by_week": [
        {"week": "2026-11-02", "complementary": 1, "non_complementary": 1, "preferred": 1},
        {"week": "2026-11-09", "complementary": 0, "non_complementary": 1, "preferred": 1},
        {"week": "2026-11-16", "complementary": 1, "non_complementary": 0, "preferred": 0},
    ],
}  # fmt: skip


def test_progress_is_exact_on_a_constructed_history():
    assert progress_to_dict(progress(history())) == PROGRESS


def test_progress_command_text_and_json(cli, journal_home):
    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as j:
        for a in history():
            j.save_attempt(a)
    result = cli("practice", "progress", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == PROGRESS
    result = cli("practice", "progress")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PROGRESS_TEXT


PROGRESS_TEXT = """\
Practice: 5 finished attempts on 5 vignettes, 3 Nov 2026 to 17 Nov 2026
Each reading is one experienced view: agreement is with that view, not a score.

Attempts by week
  week of 2 Nov 2026     2
  week of 9 Nov 2026     2
  week of 16 Nov 2026    1

Agreement with the readings, by presentation
presentation  attempts  agree  partly  differ  unclear  skipped  over time
Secure               1      0       0       0        0        1
Anxious              1      0       1       0        0        0  ▄
Avoidant             3      1       0       1        1        0  ▁█▁
Disorganized         0      0       0       0        0        0
  over time, oldest first: █ agree, ▄ partly, ▁ differ or unclear

Markers most often missed (in 4 attempts that answered the markers question)
  Self-sufficient, needed nothing from me: missed 2 of 3 times a reading saw it
  Intellectualised: missed 1 of 1 time a reading saw it
  Used me as a secure base: missed 1 of 1 time a reading saw it
  Sparse, 'fine' account; little feeling: missed 1 of 3 times a reading saw it

Responses chosen, by week
week of      complementary  non-complementary  the reading's
2 Nov 2026               1                  1              1
9 Nov 2026               0                  1              1
16 Nov 2026              1                  0              0
"""


def test_progress_with_no_attempts(cli):
    result = cli("practice", "progress")
    assert result.stdout == "No finished practice attempts yet: `reflect practice` offers a vignette.\n"
    assert json.loads(cli("practice", "progress", "--json").stdout)["attempts"] == 0


# --- storage: export and import, purge, supervision prep -------------------------------------------------------------


def test_attempts_travel_in_the_json_export_and_import_merges_by_id(cli, journal_home, tmp_path, monkeypatch):
    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as j:
        for a in history():
            j.save_attempt(a)
        unfinished = attempt("torn-drawing", "2026-11-20", presentation="disorganized")
        unfinished.finished_at = None
        j.save_attempt(unfinished)
        before = [attempt_to_dict(a) for a in j.attempts(finished_only=False)]
    out = tmp_path / "journal.json"
    assert cli("export", "-o", str(out)).exit_code == 0
    document = json.loads(out.read_text())
    assert document["practice_attempts"] == before
    redacted = tmp_path / "redacted.json"
    assert cli("export", "--redact", "-o", str(redacted)).exit_code == 0
    assert "practice_attempts" not in json.loads(redacted.read_text())  # a reflection is free text

    monkeypatch.setenv("REFLECT_HOME", str(tmp_path / "other"))
    result = cli("import", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["practice_attempts"] == {"added": 6, "unchanged": 0}
    assert json.loads(cli("import", str(out), "--json").stdout)["practice_attempts"] == {"added": 0, "unchanged": 6}
    with Journal.open(Paths(tmp_path / "other")) as j:
        assert [attempt_to_dict(a) for a in j.attempts(finished_only=False)] == before


def test_import_rejects_a_bad_attempt_and_changes_nothing(cli, tmp_path):
    record = attempt_to_dict(history()[0])
    record["presentation"] = "clingy"
    doc = tmp_path / "bad.json"
    doc.write_text(json.dumps({"format": "reflect/1", "entries": [], "practice_attempts": [record]}))
    result = cli("import", str(doc))
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: practice attempt 1: "presentation" must be one of: ')
    assert json.loads(cli("practice", "progress", "--json").stdout)["attempts"] == 0


def test_purge_before_erases_earlier_attempts_and_counts_them(cli, journal_home):
    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as j:
        for a in history():
            j.save_attempt(a)
    result = cli("purge", "--before", "2026-11-10", "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["practice_attempts"] == 2
    with Journal.open(Paths(journal_home)) as j:
        assert [a.started_at[:10] for a in j.attempts()] == ["2026-11-10", "2026-11-11", "2026-11-17"]
        assert j.tombstones()[-1]["practice_attempts"] == 2
    result = cli("purge", "--before", "2026-11-01", "--yes")
    assert (
        result.stderr == "Nothing to purge: no entries, drafts or practice attempts for sessions before 2026-11-01.\n"
    )


def test_supervision_prep_includes_practice_only_when_asked(cli, journal_home):
    from datetime import date

    from reflect.config import Paths
    from reflect.store.journal import Journal

    with Journal.open(Paths(journal_home)) as j:
        for a in history():
            j.save_attempt(a)
        j.save_attempt(attempt("interpreter", "2026-10-01", presentation="disorganized"))  # before the period
    plain = cli("supervision", "prep", "--since", "2026-11-01", "--until", "2026-11-30")
    assert plain.exit_code == 0 and "Practice" not in plain.stdout
    result = cli("supervision", "prep", "--since", "2026-11-01", "--until", "2026-11-30", "--include-practice")
    assert result.exit_code == 0, result.stderr
    section = result.stdout[result.stdout.index("## Practice") : result.stdout.rindex("\n---\n")]
    assert section == (
        f"## Practice since {date(2026, 11, 1):%Y-%m-%d}\n\n"
        "5 vignette attempts (5 vignettes). Agreement is with one experienced reading of each vignette, "
        "not a score.\n\n"
        "- Secure: 1 attempt, presentation not answered.\n"
        "- Anxious / preoccupied: agreed with the reading in 0 of 1, 1 partly.\n"
        "- Avoidant / dismissing: agreed with the reading in 1 of 3.\n"
        "- Markers most often missed: self-sufficient, needed nothing from me (2 of 3); intellectualised (1 of 1); "
        "used me as a secure base (1 of 1).\n"
        "- Responses chosen: 2 complementary, 2 non-complementary.\n"
    )
    assert "I would" not in section  # never a reflection's text


# --- round trips and bad input (property-based) ----------------------------------------------------------------------

SHIPPED_IDS = sorted(vignettes.available(None))


@st.composite
def answers(draw):
    data: dict = {"vignette": draw(st.sampled_from(SHIPPED_IDS))}
    if draw(st.booleans()):
        data["presentation"] = draw(st.sampled_from(["secure", "anxious", "avoidant", "disorganized", "mixed"]))
        if draw(st.booleans()):
            data["confidence"] = draw(st.integers(1, 3))
    for key, kind in (("markers", "marker"), ("feelings", "feeling"), ("pulls", "pull"), ("urges", "urge")):
        if draw(st.booleans()):
            data[key] = draw(slugs(kind))
    if draw(st.booleans()):
        data["response"] = draw(st.integers(1, 3))
    if draw(st.booleans()):
        data["reflection"] = draw(nasty_text)
    return data


@settings(max_examples=60, deadline=None)
@given(answers())
def test_answers_round_trip_through_the_export_form(data):
    all_v = vignettes.available(None)
    a = parse_answers(data, all_v)
    again = parse_record(json.loads(json.dumps(attempt_to_dict(a))), where="attempt")
    assert attempt_to_dict(again) == attempt_to_dict(a)
    for key in ("presentation", "confidence", "markers", "feelings", "pulls", "urges", "response"):
        assert getattr(a, key) == data.get(key)  # nothing invented: what was left out stays out
    compare(a)  # every answered combination can be compared


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["vignette", "presentation", "confidence", "markers", "response",
                                        "reflection", "pulls", "other"]),
                       st.one_of(nasty_text, st.integers(-3, 9), st.none(), st.lists(nasty_text, max_size=3),
                                 st.booleans()), max_size=6))  # fmt: skip
def test_any_answers_object_is_accepted_or_refused_with_a_validation_error(data):
    try:
        parse_answers(data, vignettes.available(None))
    except ValidationError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_show_gives_the_vignette_and_numbered_responses_but_never_the_reading(cli, journal_home):
    own_vignette(journal_home)
    result = cli("practice", "show", "waiting-room")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("\nThe waiting room  (waiting-room)\nThird session, a 30-year-old teacher.\n\n")
    assert result.stdout.endswith(
        "Possible responses\n"
        "  1. Let's hold that one more thing and begin with it next week; I will remember.\n"
        "  2. We need to stop now.\n"
        "  3. Of course, take your time; we can run over a little.\n\n"
    )
    data = json.loads(cli("practice", "show", "waiting-room", "--json").stdout)
    assert set(data) == {"id", "title", "setting", "text", "source", "responses"}
    assert [r["number"] for r in data["responses"]] == [1, 2, 3]
    for word in ("anxious", "complementary", "preferred", "evidence", "question"):
        assert word not in json.dumps(data)
    missing = cli("practice", "show", "nope")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "Error: no vignette 'nope'; `reflect practice list` shows the ids.\n",
    )


def test_a_non_object_answers_file_is_refused_in_practice_words(cli):
    result = cli("practice", "--answers", "-", input="[1, 2]")
    assert result.stderr == "Error: standard input: must hold one practice attempt (an object of fields).\n"


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["id", "title", "pattern", "setting", "text", "reading", "response", "extra"]),
    st.sampled_from(["presentation", "leans", "why_mixed", "markers", "pulls", "feelings", "urges", "question"]),
    st.one_of(nasty_text, st.integers(-5, 5), st.booleans(), st.lists(nasty_text, max_size=3),
              st.lists(st.dictionaries(st.sampled_from(["marker", "evidence", "text", "stance"]), nasty_text,
                                       max_size=2), max_size=2),
              st.dictionaries(st.sampled_from(["marker", "evidence", "x"]), nasty_text, max_size=2)),
)  # fmt: skip
def test_any_damage_to_a_vignette_is_refused_with_a_pack_error(key, reading_key, value):
    import tomllib

    import tomli_w

    data = tomllib.loads(OWN)
    target = data["vignette"][0]["reading"] if key == "reading" else data["vignette"][0]
    target[reading_key if key == "reading" else key] = value
    text = tomli_w.dumps(data).encode("utf-8", "replace").decode("utf-8")
    try:
        vignettes.parse_vignettes(text, Path("vignettes/damaged.toml"))
    except PackError as exc:
        assert str(exc).startswith("vignettes/damaged.toml") and "\n" not in str(exc)
