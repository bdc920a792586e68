"""Prompt packs: the shipped ones load, user packs override, and every error says where and what."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.domain import packs
from reflect.domain.packs import PackError, available, load_pack_file, parse_pack


def test_shipped_packs_load():
    shipped = available(None)
    assert {"standard", "quick", "deep", "rupture"} <= set(shipped)
    standard = shipped["standard"]
    assert [q.stage for q in standard.questions] == sorted(
        (q.stage for q in standard.questions), key=["describe", "feel", "make-sense", "plan"].index
    )
    assert {q.field for q in standard.questions} >= {"events", "observed", "presentation", "feelings", "body", "urges",
                                                     "pulls", "triggers", "resonance", "stance", "ruptures",
                                                     "management", "experiment", "supervision"}  # fmt: skip
    assert len(shipped["quick"].questions) <= 7  # what? (frame, facts), feelings, urges, so what?, now what? (2)
    resonance = next(q for q in standard.questions if q.field == "resonance")
    assert resonance.private


def test_shipped_folder_is_inside_the_installed_package():
    folder = packs.shipped_dir()
    assert (folder / "standard.toml").is_file()


def test_user_pack_overrides_shipped(tmp_path):
    user = tmp_path / "prompts"
    user.mkdir()
    (user / "quick.toml").write_text('name = "quick"\n[[question]]\nid = "observed"\nfield = "observed"\nask = "Hi?"\n')
    pack = available(user)["quick"]
    assert pack.source == "user" and len(pack.questions) == 1


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name = 'x'\n[[question]\n", "not valid TOML"),
        ("name = 'x'\n", "a pack needs at least one [[question]]."),
        ("name = 'Bad Name'\n[[question]]\nid='a'\nask='?'\n", "'name' must be lower-case letters, digits, - or _."),
        ("colour = 'red'\n[[question]]\nid='a'\nask='?'\n", "unknown key 'colour'; a pack has: name, title"),
        (
            "name='x'\n\n[[question]]\nid='a'\nask='?'\nfield='mood'\n",
            "line 3, question 1 ('a'): unknown field 'mood'; fields: modality, events",
        ),
        (
            "name='x'\n[[question]]\nid='a'\nask='?'\n[[question]]\nid='a'\nask='?'\n",
            "line 5, question 2 ('a'): the id 'a' is used twice.",
        ),
        ("name='x'\n[[question]]\nid='a'\n", "line 2, question 1 ('a'): 'ask' (the question's wording) is required."),
        (
            "name='x'\n[[question]]\nid='a'\nask='?'\nkind='choice'\noptions=['one']\n",
            "a choice question needs 'options': a list of at least two texts.",
        ),
        ("name='x'\n[[question]]\nid='a'\nask='?'\nkind='slider'\n", "unknown kind 'slider'; kinds: text, choice"),
        (
            "name='x'\n[[question]]\nid='a'\nask='?'\nfield='observed'\nkind='text'\n",
            "give either 'field' (an entry field) or 'kind' (a free answer), not both.",
        ),
        (
            "name='x'\n[[question]]\nid='observed'\nask='?'\n",
            "the id 'observed' is an entry field: add field = 'observed', or choose another id.",
        ),
        ("name='x'\n[[question]]\nid='a'\nask='?'\nstage='later'\n", "'stage' must be one of: describe, feel"),
        (
            "name='x'\n[[question]]\nid='a'\nask='?'\nkind='scale'\nmin=5\nmax=1\n",
            "a scale needs whole numbers min < max",
        ),
        ("name='x'\n[[question]]\nid='a'\nask='?'\ncolour=1\n", "unknown key 'colour'; a question has: id, stage"),
        (
            "name='x'\n[[question]]\nid='a'\nask='?'\nfield='feelings'\n[[question]]\nid='b'\nask='?'\nfield='feelings'\n",
            "the field 'feelings' is asked twice.",
        ),
    ],
)
def test_validation_errors_name_file_line_and_problem(tmp_path, text, error):
    path = write(tmp_path, text)
    with pytest.raises(PackError) as info:
        load_pack_file(path)
    assert info.value.message.startswith(str(path))
    assert error in info.value.message


def test_missing_file():
    with pytest.raises(PackError, match="no such file"):
        load_pack_file(Path("/nonexistent/pack.toml"))


def test_free_questions(tmp_path):
    pack = parse_pack(
        "name='x'\n[[question]]\nid='mood'\nask='Mood?'\nkind='scale'\nmin=1\nmax=5\n"
        "[[question]]\nid='which'\nask='?'\nkind='multi'\noptions=['a','b']\nprivate=true\n",
        tmp_path / "x.toml",
    )
    assert (pack.questions[0].min, pack.questions[0].max) == (1, 5)
    assert pack.questions[1].options == ("a", "b") and pack.questions[1].private
