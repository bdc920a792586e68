"""The identifier detector measured on a labelled corpus (tests/data/identifier_corpus.txt, all fictional).

Targets from the privacy issue: recall >= 95% on structured identifiers, >= 80% on names, and at most 5 false alarms
per 1,000 words of identifier-free clinical prose. An identifier counts as found only when every letter and digit of
it is inside a match (a half-masked phone number is a leak). The figures are printed in the pytest summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from reflect.privacy import identifiers

CORPUS = Path(__file__).parent / "data" / "identifier_corpus.txt"
MARK = re.compile(r"\{([A-Z]+):([^{}]+)\}")
NAME_KINDS = {"NAME", "PLACE"}


@dataclass
class Sentence:
    text: str
    labels: list[tuple[str, int, int]]  # kind, start, end


def load() -> tuple[list[Sentence], list[str]]:
    labelled, clean, section = [], [], None
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:]
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if section == "identifier-free":
            assert not MARK.search(line), line
            clean.append(line)
            continue
        text, labels, last = "", [], 0
        for m in MARK.finditer(line):
            text += line[last : m.start()]
            labels.append((m.group(1), len(text), len(text) + len(m.group(2))))
            text += m.group(2)
            last = m.end()
        text += line[last:]
        assert labels, line
        labelled.append(Sentence(text, labels))
    return labelled, clean


def covered(text: str, start: int, end: int, matches: list[identifiers.Match]) -> bool:
    return all(any(m.start <= i < m.end for m in matches) for i in range(start, end) if text[i].isalnum())


def test_corpus_size_and_balance():
    labelled, clean = load()
    assert len(labelled) + len(clean) >= 200
    assert abs(len(labelled) - len(clean)) <= 10
    assert sum(len(s.split()) for s in clean) >= 1000


def test_recall_and_false_alarms(measurement):
    labelled, clean = load()
    found: dict[str, list[int]] = {}
    missed: list[str] = []
    for sentence in labelled:
        matches = identifiers.find(sentence.text)
        for kind, start, end in sentence.labels:
            group = "names" if kind in NAME_KINDS else "structured"
            hit = covered(sentence.text, start, end, matches)
            found.setdefault(group, []).append(hit)
            found.setdefault(kind, []).append(hit)
            if not hit:
                missed.append(f"{kind}: {sentence.text[start:end]}")
    words = sum(len(s.split()) for s in clean)
    alarms = [(s, identifiers.find(s)) for s in clean]
    false_alarms = sum(len(ms) for _, ms in alarms)
    per_1000 = 1000 * false_alarms / words

    recall = {k: sum(v) / len(v) for k, v in found.items()}
    measurement(
        f"identifier detector on {len(labelled) + len(clean)} sentences: structured recall "
        f"{recall['structured']:.1%} ({sum(found['structured'])}/{len(found['structured'])}), names recall "
        f"{recall['names']:.1%} ({sum(found['names'])}/{len(found['names'])}), false alarms "
        f"{per_1000:.2f} per 1,000 words ({false_alarms} in {words} words of identifier-free prose)"
    )
    measurement("  by kind: " + ", ".join(f"{k} {recall[k]:.0%}" for k in sorted(recall) if k.isupper()))
    assert recall["structured"] >= 0.95, missed
    assert recall["names"] >= 0.80, missed
    assert per_1000 <= 5, [(s, [s[m.start : m.end] for m in ms]) for s, ms in alarms if ms]


@pytest.mark.parametrize("kind", sorted(identifiers.STRUCTURED - {"HANDLE"}))
def test_every_structured_kind_is_in_the_corpus(kind):
    labelled, _ = load()
    assert any(k == kind for s in labelled for k, _, _ in s.labels)


def test_false_alarms_on_the_demo_journals_prose(measurement):
    """A second, larger sample of identifier-free prose written by someone else: the demo generator's reflections."""
    from datetime import UTC, datetime

    from reflect.domain.models import entry_to_dict
    from reflect.flows.demo import generate
    from reflect.interview import guard

    words, alarms = 0, []
    for entry in generate(400, seed=3, end=datetime(2026, 3, 11, 17, tzinfo=UTC)):
        for _, text in guard._texts(entry_to_dict(entry)):
            words += len(text.split())
            alarms += [text[m.start : m.end] for m in identifiers.find(text)]
    per_1000 = 1000 * len(alarms) / words
    measurement(f"  demo journal prose: {per_1000:.2f} false alarms per 1,000 words ({len(alarms)} in {words} words)")
    assert words > 5000
    assert per_1000 <= 5, alarms[:20]
