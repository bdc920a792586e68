"""A small deterministic journal with planted patterns, for the pattern and prep tests.

Every client gets the same background of random reactions (the "noise" a real journal has); three clients get one
planted pattern each on top of it, and the control client gets nothing but the background:

- C-BRK1: the helpless/inadequate pull (and feeling helpless) in every session next to a break;
- C-AVD2: coded avoidant in every session, with disengaged feelings in all but every sixth session;
- C-RUP3: confrontation ruptures every fourth session, unresolved after the frame in all but one;
- C-CTL4: the control: random reactions only (presentation, pulls, feelings, urges, body, stance, intensity).

`with_separation()` adds C-5EP9 for the separation tests: 14 sessions, two breaks and an ending phase, in which you act
on the urge to over-run the time in every session next to a break or in the ending phase and never otherwise; its
other answers are mostly missing (no stance, no intensity, experiments never followed up), and none of that may
become a finding.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from reflect.domain import vocab
from reflect.domain.models import Entry, parse_entry

BREAK, AVOIDANT, RUPTURES, CONTROL = "C-BRK1", "C-AVD2", "C-RUP3", "C-CTL4"
SEPARATION = "C-5EP9"
SEPARATION_EVENTS = {4: "pre-break", 5: "post-break", 9: "pre-break", 10: "post-break", 13: "ending-phase"}
END = datetime(2026, 3, 11, 17, 0, tzinfo=UTC)
SESSIONS = {BREAK: 30, AVOIDANT: 24, RUPTURES: 24, CONTROL: 30}
BREAKS = {BREAK: (8, 17, 26), AVOIDANT: (12,), RUPTURES: (12,), CONTROL: (10, 20)}  # session before each break
NAMESPACE = uuid.UUID("6f1c0b7e-2a4d-4d7a-9a55-1f0e2c3b4a59")


def _noise(rng: random.Random, raw: dict) -> None:
    """The background: a few random reactions, drawn the same way for every client."""
    words = vocab.slugs("feeling")
    raw["feelings"] = {w: rng.randint(1, 4) for w in rng.sample(words, k=rng.randint(0, 3))}
    raw["pulls"] = rng.sample(vocab.slugs("pull"), k=rng.choice([0, 0, 1, 1, 2]))
    raw["urges"] = [{"urge": u, "enacted": rng.random() < 0.3} for u in vocab.slugs("urge") if rng.random() < 0.08]
    raw["body"] = [b for b in vocab.slugs("body") if rng.random() < 0.06]
    raw["triggers"] = [t for t in vocab.slugs("trigger") if rng.random() < 0.06]
    raw["management"] = [m for m in vocab.slugs("management") if rng.random() < 0.2]
    raw["stance"] = rng.choice(["complementary", "non-complementary", "unsure"])
    raw["intensity"] = rng.randint(0, 10)
    raw["presentation"] = {"pattern": rng.choice(["secure", "anxious", "avoidant", "disorganized", "unclear"])}
    if rng.random() < 0.04:
        raw["ruptures"] = [
            {
                "type": rng.choice(["withdrawal", "confrontation"]),
                "resolved": rng.choice(["yes", "partial", "no"]),
                "trigger": "other",
            }
        ]
    if rng.random() < 0.1:
        raw["events"] = ["late"]


def entries(seed: int = 1) -> list[Entry]:
    rng = random.Random(seed)
    out = []
    for c, (client, count) in enumerate(SESSIONS.items()):
        for n in range(count):
            when = END - timedelta(weeks=count - 1 - n, days=c)
            raw: dict = {
                "id": str(uuid.uuid5(NAMESPACE, f"{seed}:{client}:{n}")),
                "client": client,
                "session_at": when.isoformat(),
                "session_number": n + 1,
            }
            _noise(rng, raw)
            number = n + 1
            events = set(raw.get("events", []))
            for before in BREAKS[client]:
                if number == before:
                    events.add("pre-break")
                if number == before + 1:
                    events.add("post-break")
            raw["events"] = sorted(events)
            if client == BREAK and {"pre-break", "post-break"} & events:
                raw["pulls"] = sorted(set(raw["pulls"]) | {"helpless-inadequate"})
                raw["feelings"]["helpless"] = 3
            if client == AVOIDANT:
                raw["presentation"] = {"pattern": "avoidant", "confidence": 3}
                if number % 6:
                    raw["feelings"].update({"bored": 3, "sleepy": 2})
            if client == RUPTURES:
                raw["presentation"] = {"pattern": "disorganized"}
                if number % 4 == 3:
                    resolved = "yes" if number == 11 else "no"
                    raw["ruptures"] = [
                        {
                            "type": "confrontation",
                            "markers": ["complaint-about-parameters"],
                            "trigger": "frame",
                            "resolved": resolved,
                            "intensity": 4,
                        }
                    ]
            out.append(parse_entry(raw, now=END + timedelta(days=1)))
    return sorted(out, key=lambda e: e.session_at)


def with_separation(seed: int = 1) -> list[Entry]:
    """The planted journal plus C-5EP9 (see the module docstring): 5 separation sessions of 14, over-run in each."""
    rng = random.Random(f"separation {seed}")
    out = list(entries(seed))
    for n in range(1, 15):
        raw: dict = {
            "id": str(uuid.uuid5(NAMESPACE, f"{seed}:{SEPARATION}:{n}")),
            "client": SEPARATION,
            "session_at": (END - timedelta(weeks=14 - n, days=5)).isoformat(),
            "session_number": n,
            "feelings": {rng.choice(["warm", "curious", "anxious"]): 2},
            "experiment": "Keep to the time.",  # planned every session; the follow-up is never recorded
        }
        if n in SEPARATION_EVENTS:
            raw["events"] = [SEPARATION_EVENTS[n]]
            raw["urges"] = [{"urge": "over-run-time", "enacted": True}]
        out.append(parse_entry(raw, now=END + timedelta(days=1)))
    return sorted(out, key=lambda e: e.session_at)
