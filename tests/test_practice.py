"""Case-based practice: the shipped vignettes, the vignette validator, answers files, scoring, progress, storage,
export and import, purge, and the supervision prep section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect import vignettes
from reflect.errors import ValidationError
from reflect.packs import PackError, shipped_dir
from reflect.practice_analysis import agreement, compare, progress, progress_to_dict
from reflect.practice_attempts import Attempt, attempt_to_dict, parse_answers, parse_record

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
        (('id = "waiting-room"', 'id = "Waiting Room"'), "line 2, vignette 1 ('Waiting Room'), field 'id': is required"),
        (('pattern = "anxious"', 'pattern = "clingy"'), "field 'pattern': must be one of: secure, anxious"),
        (("She is in the waiting room", "Early. " * 120 + "She"), "field 'text': has 256 words; a vignette has 120 to 250."),
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
