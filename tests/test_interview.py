"""The interview engine, driven by scripted answers: what it asks, what it builds, and resuming after Ctrl-C."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone

import pytest

from reflect.domain.models import entry_to_dict, parse_entry
from reflect.domain.packs import available
from reflect.interview.asker import ScriptedAsker
from reflect.interview.runner import SKIP, Interview, InterviewContext

NOW = datetime(2026, 3, 11, 18, 0, tzinfo=timezone(timedelta(hours=1)))
PACKS = available(None)

STANDARD_ANSWERS = [
    "c-7f3k",  # code for the new client (text; normalised)
    "2026-03-10 15:00",  # when
    ["pre-break"],  # events
    "Arrived early; asked twice whether I had got the message.",  # observed
    "anxious", 2, ["reassurance-seeking", "hard-to-end"],  # presentation: pattern, confidence, markers
    ["protective", "worried"], 3, 2,  # feelings, then a rating for each
    ["tight-chest"],  # body
    ["reassure", "over-run-time"], ["over-run-time"],  # urges, then which were acted on
    ["A wish to be needed"],  # was your own attachment system stirred? (optional, private)
    6,  # intensity
    None,  # after-effects (optional): skipped
    ["parental-protective"],  # pulls
    ["break"],  # triggers
    "Being the one who waits.",  # resonance
    "Naming the break went well; I rushed the ending.",  # evaluation
    "The break may stand for being dropped.",  # interpretation
    None,  # culture, identity, difference (optional): skipped
    "complementary",  # stance
    False,  # ruptures?
    "I held back a challenge.",  # effects of my reaction on the work
    ["empathy"],  # management
    "Stayed with the worry instead of answering it.",  # conclusion: what else could I have done?
    None,  # risk and safeguarding (optional): skipped
    "Name the break early and stay with it.",  # experiment
    "How do I hold the break?", 4, "consult", "",  # supervision question, eye, help wanted, (no more)
]  # fmt: skip


def run(pack_name, answers, state=None, **ctx):
    persisted = []
    asker = ScriptedAsker(answers)
    state = state if state is not None else {}
    interview = Interview(PACKS[pack_name], asker, state, lambda s: persisted.append(copy.deepcopy(s)),
                          InterviewContext(now=NOW, new_code=lambda: "C-NEW1", **ctx))  # fmt: skip
    raw = interview.run()
    return raw, asker, persisted


def test_standard_pack_builds_the_whole_entry():
    raw, asker, persisted = run("standard", list(STANDARD_ANSWERS))
    entry = parse_entry(raw, natural_dates=True, now=NOW.astimezone(UTC))
    data = entry_to_dict(entry)
    assert data["client"] == "C-7F3K"
    assert entry.session_at == datetime(2026, 3, 10, 15, 0, tzinfo=NOW.tzinfo)
    assert data["events"] == ["pre-break"]
    assert data["presentation"] == {
        "pattern": "anxious",
        "confidence": 2,
        "markers": ["reassurance-seeking", "hard-to-end"],
    }
    assert data["feelings"] == {"protective": 3, "worried": 2}
    assert data["urges"] == [{"urge": "reassure", "enacted": False}, {"urge": "over-run-time", "enacted": True}]
    assert data["pulls"] == ["parental-protective"] and data["triggers"] == ["break"] and data["intensity"] == 6
    assert data["resonance"] == "Being the one who waits."
    assert data["stance"] == "complementary" and data["ruptures"] == [] and data["management"] == ["empathy"]
    assert data["experiment"] == "Name the break early and stay with it."
    assert [(q["question"], q["eye"], q["want"], q["status"]) for q in data["supervision"]] == [
        ("How do I hold the break?", 4, "consult", "open")
    ]
    assert data["pack"] == "standard"
    assert data["answers"] == {
        "attachment-stirred": ["A wish to be needed"],
        "evaluation": "Naming the break went well; I rushed the ending.",
        "effects": "I held back a challenge.",
        "conclusion": "Stayed with the worry instead of answering it.",
    }  # the skipped optional questions left nothing behind
    assert asker.answers == []  # every scripted answer was asked for, none left over
    # The draft was saved after every answer: one persist per prompt at least.
    assert len(persisted) >= len(STANDARD_ANSWERS) - 1


def canonical(raw):
    data = entry_to_dict(parse_entry(raw, natural_dates=True, now=NOW.astimezone(UTC)))
    for key in ("id", "created_at", "updated_at"):
        data.pop(key)
    for q in data["supervision"]:
        q.pop("id")
    return data


@pytest.mark.parametrize("stop", range(len(STANDARD_ANSWERS)))
def test_interrupt_at_any_prompt_then_resume_gives_the_same_entry(stop):
    expected = canonical(run("standard", list(STANDARD_ANSWERS))[0])
    persisted: list = []
    state: dict = {}
    asker = ScriptedAsker([*STANDARD_ANSWERS[:stop], ScriptedAsker.INTERRUPT])
    ctx = InterviewContext(now=NOW, new_code=lambda: "C-NEW1")
    with pytest.raises(KeyboardInterrupt):
        Interview(PACKS["standard"], asker, state, lambda s: persisted.append(copy.deepcopy(s)), ctx).run()
    saved = persisted[-1] if persisted else {}
    # What was answered before Ctrl-C is in the draft: resuming asks only for the rest.
    raw, asker2, _ = run("standard", list(STANDARD_ANSWERS[stop:]), state=saved)
    assert asker2.answers == []
    assert canonical(raw) == expected


def test_quick_pack_is_short():
    answers = [
        "C-2QX9", "now", [], "Said the week was fine.", ["bored"], 3, ["withdraw"], [],
        "My boredom may be how I keep my distance too.", "Stay with one feeling.", "",
    ]  # fmt: skip
    raw, asker, _ = run("quick", answers)
    assert len(asker.asked) == len(answers)
    assert canonical(raw)["feelings"] == {"bored": 3}
    assert canonical(raw)["answers"] == {"so-what": "My boredom may be how I keep my distance too."}


def test_existing_client_is_chosen_from_a_list_and_last_experiment_is_followed_up():
    previous = ("End on time.", datetime(2026, 3, 3, 15, 0, tzinfo=UTC))
    answers = ["C-7F3K", "now", "partly", "Ran two minutes over.", [], "", [], [], "", "", ""]
    raw, asker, _ = run("quick", answers, client_codes=["C-7F3K", "C-2QX9"],
                        previous_experiment=lambda client, when: previous)  # fmt: skip
    assert asker.asked[0] == ("select", "Which client?")
    assert any("you planned to try: End on time." in s for s in asker.said)
    assert canonical(raw)["experiment_followup"] == {"tried": "partly", "note": "Ran two minutes over."}


def test_new_client_defaults_to_first_session():
    raw, asker, _ = run("quick", ["C-NEW1", "now", None, "", [], [], "", "", ""])
    assert canonical(raw)["events"] == ["first-session"]


def test_skips_leave_fields_empty():
    answers = ["C-7F3K", "now", [], "", SKIP, [], [], [], [], SKIP, "", [], [], "", "", "", "", SKIP, False, "", [], "",
               "", "", ""]  # fmt: skip
    raw, _, _ = run("standard", answers)
    data = canonical(raw)
    assert data["presentation"] is None and data["intensity"] is None and data["stance"] is None
    assert data["feelings"] == {} and data["supervision"] == []


def test_rupture_loop():
    answers = [
        "C-9JD2", "now",
        "Complained about the fee.",
        True,  # log a rupture
        "confrontation", ["complaint-about-parameters"], "fee", 4, ["give-rationale"], True, "no", "",
        True,  # another
        "withdrawal", ["minimal-response"], SKIP, 2, [], False, "yes", "brief",
        False,
        ["criticized"], 3, [], "", [], "", "Come back to the fee.", "", False,
    ]  # fmt: skip
    raw, asker, _ = run("rupture", answers)
    ruptures = canonical(raw)["ruptures"]
    assert [
        (r["type"], r["trigger"], r["intensity"], r["metacommunication"], r["resolved"], r["note"]) for r in ruptures
    ] == [
        ("confrontation", "fee", 4, True, "no", None),
        ("withdrawal", None, 2, False, "yes", "brief"),
    ]
    # Markers offered for a confrontation rupture are the confrontation family only.
    assert ("checkbox", "What did you notice?") in asker.asked


def test_edit_uses_old_answers_as_defaults_and_keeps_question_identity(demo_entries):
    entry = next(e for e in demo_entries if e.supervision and e.pack)
    defaults = entry_to_dict(entry)
    pack = "quick"
    n = len(PACKS[pack].questions)
    # None means "accept the default" for every prompt in the scripted asker.
    answers = [None] * 40
    raw, asker, _ = run(pack, answers, defaults=defaults, client_codes=[entry.client])
    data = entry_to_dict(parse_entry({**raw, "id": entry.id}, now=NOW.astimezone(UTC)))
    assert data["observed"] == defaults["observed"]
    assert data["feelings"] == defaults["feelings"]
    assert data["supervision"][0]["id"] == defaults["supervision"][0]["id"]
    assert data["pack"] == defaults["pack"]
    assert n >= 5


def test_free_answers(tmp_path):
    answers = ["C-4HMW", "now", [], "", SKIP, "Be present.", "Calm.", [], [], [], [], SKIP, "", [], [], "", "",
               "Partly", "Theory.", "", SKIP, False, "", [], "Less.", "", "", "", False]  # fmt: skip
    raw, _, _ = run("deep", answers)
    assert canonical(raw)["answers"] == {"aim": "Be present.", "client-experience": "Calm.", "values": "Partly",
                                         "knowledge": "Theory.", "differently": "Less."}  # fmt: skip
