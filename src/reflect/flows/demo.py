"""A fictional, clinically plausible journal: for `reflect demo`, tests and benchmarks.

Each fictional client follows an archetype drawn from the attachment literature (domain guide, section 3): what the
client presents, and what that tends to evoke in a clinician. The generator is seeded, so the same arguments always
give the same journal. Nothing here describes a real person; the texts avoid names, places and dates on purpose.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from reflect.domain.client_codes import client_code_problem
from reflect.domain.models import Entry, parse_entry

DEMO_NAMESPACE = uuid.UUID("0b7a4f8e-3c55-4a4e-9f61-5d1f2c7a9e10")


@dataclass(frozen=True)
class Archetype:
    name: str
    pattern: str
    markers: tuple[str, ...]
    feelings: dict[str, tuple[int, int]]  # word -> (min, max) rating when present
    feeling_rate: float  # chance each listed feeling is present
    pulls: tuple[str, ...]
    pull_rate: float
    urges: dict[str, float]  # urge -> chance of acting on it when felt
    body: tuple[str, ...]
    triggers: tuple[str, ...]
    stance_complementary: float
    rupture_rate: float
    rupture_type: str
    rupture_markers: tuple[str, ...]
    observed: tuple[str, ...]
    interpretation: tuple[str, ...]
    experiments: tuple[str, ...]
    # (question, seven-eyed eye): 3 the relationship, 4 the clinician's own process, 5 the parallel process
    questions: tuple[tuple[str, int], ...]
    break_effect: dict[str, int] = field(default_factory=dict)  # extra feelings around breaks


ARCHETYPES = [
    Archetype(
        name="anxious",
        pattern="anxious",
        markers=("reassurance-seeking", "hypervigilant", "hard-to-end", "contact-between-sessions"),
        feelings={
            "protective": (2, 4),
            "worried": (2, 4),
            "responsible": (1, 3),
            "anxious": (1, 3),
            "warm": (1, 3),
            "overwhelmed": (1, 3),
            "indispensable": (1, 2),
        },  # fmt: skip
        feeling_rate=0.6,
        pulls=("parental-protective", "special-overinvolved"),
        pull_rate=0.8,
        urges={"reassure": 0.7, "over-run-time": 0.6, "extra-contact": 0.3, "rescue": 0.4},
        body=("tight-chest", "racing-heart", "restlessness"),
        triggers=("break", "client-material", "own-history"),
        stance_complementary=0.7,
        rupture_rate=0.1,
        rupture_type="withdrawal",
        rupture_markers=("deference", "self-criticism"),
        observed=(
            "Arrived early and asked twice whether I had received the message sent midweek.",
            "Spent most of the hour on a friend who had not replied; checked my face often while talking.",
            "Became tearful when I mentioned the coming break and asked whether I would think of them.",
            "Talked quickly and filled every pause; at the end stood in the doorway with one more thing.",
            "Brought a list of worries and asked what I thought they should do about each.",
        ),
        interpretation=(
            "The fear seems to be of being dropped; my reassurance soothes for a moment, then the fear returns.",
            "I may be standing in for a parent who was available only when things were urgent.",
            "Ending on time feels to them like proof that I do not care; to me like a small cruelty.",
        ),
        experiments=(
            "End on time and name the ending five minutes before, without apology.",
            "Notice the pull to reassure and wonder aloud about the worry instead of answering it.",
            "Talk about the break two sessions ahead, and stay with what it stirs.",
        ),
        questions=(
            ("How do I hold the ending of sessions when each one feels like an abandonment?", 3),
            ("Am I over-functioning with this client, and what would happen if I did less?", 4),
            ("When I bring this client to supervision, do I find myself asking for reassurance too?", 5),
        ),
        break_effect={"helpless": 3, "protective": 4},
    ),
    Archetype(
        name="avoidant",
        pattern="avoidant",
        markers=("intellectualising", "sparse-affect", "self-sufficient", "dismisses-breaks"),
        feelings={
            "bored": (2, 4),
            "sleepy": (1, 3),
            "detached": (2, 3),
            "distracted": (1, 3),
            "inadequate": (1, 3),
            "curious": (1, 2),
            "impatient": (1, 2),
        },  # fmt: skip
        feeling_rate=0.55,
        pulls=("disengaged", "helpless-inadequate"),
        pull_rate=0.75,
        urges={"lecture": 0.4, "withdraw": 0.5, "change-subject": 0.3, "advise": 0.3},
        body=("sleepiness", "heaviness", "numb-foggy"),
        triggers=("perception-of-client", "progress-assessment"),
        stance_complementary=0.8,
        rupture_rate=0.15,
        rupture_type="withdrawal",
        rupture_markers=("minimal-response", "abstract-talk", "denial", "content-affect-split"),
        observed=(
            "Described the week as fine; gave a detailed account of work with almost no feeling in it.",
            "Said the missed session had been a practical matter and that there was nothing to discuss.",
            "Talked about a recent loss in the same level tone as the traffic on the way in.",
            "Answered questions briefly and returned to an analysis of a colleague's behaviour.",
            "Arrived on time, sat back, and waited for me to start.",
        ),
        interpretation=(
            "Needing nothing from me may be the safest way to be with me; my boredom may be the cost of that safety.",
            "When I feel sleepy, something with feeling may be being kept out of the room.",
            "My urge to explain more is an attempt to get a response; it repeats the distance rather than easing it.",
        ),
        experiments=(
            "Stay with one moment of feeling when it appears, rather than moving on with them.",
            "Say less, and notice when I want to fill the space with explanation.",
            "Ask what it was like to come back after the cancellation.",
        ),
        questions=(
            ("My sleepiness with this client: defence, information, or both?", 4),
            ("How do I stay engaged without pushing for feeling the client cannot yet bear?", 3),
            ("What in me settles so easily for the distance this client keeps?", 4),
        ),
    ),
    Archetype(
        name="disorganized",
        pattern="disorganized",
        markers=("approach-avoid", "coherence-lapse", "dissociation", "idealise-attack"),
        feelings={
            "criticized": (2, 4),
            "afraid": (1, 3),
            "overwhelmed": (2, 4),
            "confused": (2, 3),
            "on-guard": (2, 4),
            "compassionate": (1, 3),
            "helpless": (1, 3),
        },  # fmt: skip
        feeling_rate=0.6,
        pulls=("criticized-mistreated", "overwhelmed-disorganized", "helpless-inadequate"),
        pull_rate=0.7,
        urges={"argue": 0.3, "reassure": 0.5, "walk-on-eggshells": 0.6, "end-early": 0.1, "ruminate": 0.5},
        body=("tight-chest", "stomach-knot", "tense-jaw"),
        triggers=("frame-fee", "client-material", "own-history"),
        stance_complementary=0.5,
        rupture_rate=0.45,
        rupture_type="confrontation",
        rupture_markers=(
            "complaint-about-therapist",
            "complaint-about-parameters",
            "controls-pressures",
            "rejects-intervention",
        ),  # fmt: skip
        observed=(
            "Opened by saying the last session had been useless, then later thanked me warmly at the door.",
            "Lost the thread while describing a childhood memory and seemed far away for a minute.",
            "Was angry that I would not change the session time again; said I did not care.",
            "Sat near the door; the story came in fragments that did not join up.",
            "Raised the fee increase and said it proved I was only in it for the money.",
        ),
        interpretation=(
            "Closeness may be both longed for and dangerous; I become, in turn, the one who rescues and the one who "
            "hurts.",
            "My fear in the room may mirror theirs; steadiness matters more than the right words.",
            "The attacks often follow moments of closeness, as if the closeness has to be undone.",
        ),
        experiments=(
            "Keep the frame steady and say so kindly when it is tested.",
            "Name what just happened between us, slowly, before moving on.",
            "Notice my own breathing when I feel attacked, before I answer.",
        ),
        questions=(
            ("How do I keep the frame when every boundary is experienced as an attack?", 3),
            ("What is the fear I carry out of these sessions, and whose is it?", 4),
            ("Do I bring this client to supervision in the same fragments the sessions come in?", 5),
        ),
        break_effect={"afraid": 3, "overwhelmed": 4},
    ),
    Archetype(
        name="secure",
        pattern="secure",
        markers=("secure-base", "can-disagree"),
        feelings={
            "warm": (1, 3),
            "curious": (1, 3),
            "hopeful": (1, 3),
            "confident": (1, 3),
            "calm": (1, 3),
            "moved": (1, 2),
            "impatient": (1, 2),
        },  # fmt: skip
        feeling_rate=0.4,
        pulls=("positive",),
        pull_rate=0.5,
        urges={"advise": 0.3, "self-disclose": 0.2},
        body=(),
        triggers=("client-material",),
        stance_complementary=0.5,
        rupture_rate=0.05,
        rupture_type="withdrawal",
        rupture_markers=("topic-shift",),
        observed=(
            "Disagreed with a suggestion I made last week and explained why; we found a different angle.",
            "Described a hard week with feeling and some humour.",
            "Reflected on what has changed since we started and what is still difficult.",
            "Came back to a theme from two sessions ago and took it further on their own.",
        ),
        interpretation=(
            "The work feels collaborative; the risk is that I under-challenge because it is comfortable.",
            "My ease with this client may be worth examining: what do we both avoid?",
        ),
        experiments=(
            "Offer a more challenging reflection and see how it lands.",
            "Ask directly what has not been said yet.",
        ),
        questions=(
            ("Am I under-challenging this client because the work feels easy?", 4),
            ("What would a good ending look like, for the client and for me?", 3),
        ),
    ),
]

CODES = ["C-7F3K", "C-2QX9", "C-9JD2", "C-4HMW"]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@cache
def _code(i: int) -> str:
    if i < len(CODES):
        return CODES[i]
    rng = random.Random(i)
    while True:  # draw again when the identifier guard would refuse the code (C-ZEN24 at i=434 stopped large demos)
        code = "C-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(4)) + f"{i % 10}"
        if client_code_problem(code) is None:
            return code


def generate(entries: int = 52, *, seed: int = 7, end: datetime | None = None) -> Iterator[Entry]:
    """Yield `entries` fictional entries, oldest first, ending at `end` (default: today at 17:00 local).

    Up to 52 entries come from the four demo clients seen weekly for about three months. Larger journals add more
    clients (about 50 sessions each, weekly), so a 100,000-entry journal spans a plausible practice.
    """
    rng = random.Random(seed)
    end = end or datetime.now().astimezone().replace(hour=17, minute=0, second=0, microsecond=0)
    n_clients = max(4, -(-entries // 50)) if entries > 52 else 4
    per_client = [entries // n_clients + (1 if i < entries % n_clients else 0) for i in range(n_clients)]
    weeks = max(per_client)
    # Every client has one planned break (about two thirds of the way through) and their session slot in the week.
    plans = []
    for i in range(n_clients):
        count = per_client[i]
        slot = timedelta(days=-(i % 5), hours=-(i % 7))
        start_week = weeks - count
        break_at = int(count * 0.65)
        plans.append((i, count, slot, start_week, break_at))
    items: list[tuple[datetime, int, int, int]] = []
    for i, count, slot, start_week, _ in plans:
        for n in range(count):
            week = start_week + n
            when = end + slot - timedelta(weeks=weeks - 1 - week)
            items.append((when, i, n, count))
    items.sort()
    previous_experiment: dict[int, bool] = {}
    asking = {
        i: _Questions(ARCHETYPES[i % len(ARCHETYPES)], random.Random(f"{seed}:questions:{i}")) for i in range(n_clients)
    }
    for when, i, n, count in items:
        archetype = ARCHETYPES[i % len(ARCHETYPES)]
        break_at = plans[i][4]
        raw = _session(rng, archetype, _code(i), when, n, count, break_at, previous_experiment.get(i, False), asking[i])
        previous_experiment[i] = raw.get("experiment") is not None
        raw["id"] = str(uuid.uuid5(DEMO_NAMESPACE, f"{seed}:{i}:{n}"))
        yield parse_entry(raw, now=when.astimezone(UTC) + timedelta(hours=1))


class _Questions:
    """One client's supervision questions, each asked at most once, drawn from a stream of their own: adding or
    rewording a question never reshuffles the sessions the other draws make (which many tests read)."""

    def __init__(self, archetype: Archetype, rng: random.Random) -> None:
        self.unasked = list(archetype.questions)
        self.rng = rng

    def draw(self, after_rupture: bool) -> dict | None:
        rng = self.rng
        if not self.unasked or not (rng.random() < 0.18 or (after_rupture and rng.random() < 0.5)):
            return None
        question, eye = self.unasked.pop(rng.randrange(len(self.unasked)))
        return {
            "question": question,
            "eye": eye,
            "want": rng.choice(["consult", "counsel", "teach"]),
            "status": "open" if rng.random() < 0.6 else "discussed",
        }


def _session(
    rng: random.Random,
    a: Archetype,
    code: str,
    when: datetime,
    n: int,
    count: int,
    break_at: int,
    had_experiment: bool,
    asking: _Questions,
) -> dict:
    events = []
    if n == 0:
        events.append("first-session")
    if n == break_at - 1:
        events.append("pre-break")
    if n == break_at:
        events.append("post-break")
    ending = a.name == "secure"  # in the demo, only the secure client is finishing therapy
    if ending and n >= count - 3 and n > 3:
        events.append("ending-phase")
    if ending and n == count - 1 and n > 3:
        events.append("final-session")
    if a.name == "avoidant" and rng.random() < 0.15:
        events.append("cancellation")
    if a.name == "anxious" and rng.random() < 0.25:
        events.append("between-session-contact")
    if a.name == "disorganized" and rng.random() < 0.2:
        events.append(rng.choice(["late", "fee-issue"]))
    near_break = bool({"pre-break", "post-break", "ending-phase"} & set(events))

    feelings = {}
    for word, (low, high) in a.feelings.items():
        if rng.random() < a.feeling_rate:
            feelings[word] = rng.randint(low, high)
    if near_break:
        for word, rating in a.break_effect.items():
            feelings[word] = max(feelings.get(word, 0), rating)
    if not feelings:
        word = rng.choice(list(a.feelings))
        feelings[word] = a.feelings[word][0]

    pulls = [p for p in a.pulls if rng.random() < a.pull_rate]
    urges = []
    for urge, act_rate in a.urges.items():
        if rng.random() < 0.55 or (near_break and urge in ("reassure", "over-run-time")):
            enacted = rng.random() < act_rate + (0.3 if near_break else 0.0)
            urges.append({"urge": urge, "enacted": enacted})
    body = [b for b in a.body if rng.random() < 0.45]
    if "overwhelmed" in feelings and "tight-chest" in a.body and "tight-chest" not in body and rng.random() < 0.8:
        body.append("tight-chest")
    # Intensity drifts: rising for the anxious client towards the break, easing for the others as work settles.
    base = {"anxious": 4 + 3 * n / max(count, 1), "avoidant": 3.0, "disorganized": 7 - 2 * n / max(count, 1)}.get(
        a.name, 3.0
    )
    intensity = max(0, min(10, round(base + rng.uniform(-1.5, 1.5) + (1.5 if near_break else 0))))

    ruptures = []
    if rng.random() < a.rupture_rate:
        trigger = (
            "frame"
            if a.name == "disorganized" and rng.random() < 0.6
            else rng.choice(["my-intervention", "break", "fee", "client-material"])
        )
        resolved = "no" if trigger in ("frame", "fee") and rng.random() < 0.7 else rng.choice(["yes", "partial", "yes"])
        ruptures.append(
            {
                "type": a.rupture_type,
                "markers": rng.sample(a.rupture_markers, k=min(2, len(a.rupture_markers))),
                "trigger": trigger,
                "intensity": rng.randint(2, 5),
                "strategies": rng.sample(
                    [
                        "clarify",
                        "invite-feelings",
                        "acknowledge-contribution",
                        "give-rationale",
                        "link-patterns",
                        "validate-defence",
                    ],
                    k=2,
                ),  # fmt: skip
                "metacommunication": rng.random() < 0.4,
                "resolved": resolved,
            }
        )

    stance = "complementary" if rng.random() < a.stance_complementary else rng.choice(["non-complementary", "unsure"])
    raw: dict = {
        "client": code,
        "session_at": when.isoformat(),
        "session_number": n + 1,
        "modality": "individual",
        "pack": "standard" if n % 4 else "deep" if ruptures else "quick",
        "events": events,
        "presentation": {
            "pattern": a.pattern if n > 1 or rng.random() < 0.5 else "unclear",
            "confidence": min(3, 1 + n // 3),
            "markers": rng.sample(a.markers, k=min(len(a.markers), rng.randint(1, 3))),
        },
        "observed": rng.choice(a.observed),
        "interpretation": rng.choice(a.interpretation) if rng.random() < 0.7 else None,
        "feelings": feelings,
        "body": body,
        "urges": urges,
        "pulls": pulls,
        "intensity": intensity,
        "triggers": (["break"] if near_break and "break" in a.triggers else [])
        + [t for t in a.triggers if t != "break" and rng.random() < 0.35],
        "resonance": "It reminded me of waiting for someone who was often late."
        if "own-history" in a.triggers and rng.random() < 0.2
        else None,
        "stance": stance,
        "management": rng.sample(
            ["self-insight", "empathy", "conceptualizing", "anxiety-management", "self-integration"],
            k=rng.randint(1, 2),
        ),  # fmt: skip
        "ruptures": ruptures,
        "experiment": rng.choice(a.experiments) if rng.random() < 0.6 else None,
        "tags": ["break"] if near_break else [],
        "flagged": bool(ruptures and ruptures[0]["resolved"] == "no"),
    }
    if had_experiment:
        raw["experiment_followup"] = {"tried": rng.choice(["yes", "partly", "no", "yes"])}
    question = asking.draw(bool(ruptures))
    if question is not None:
        raw["supervision"] = [question]
    return raw


def demo_profile(end: datetime | None = None):
    """The demo clinician's profile: a trainee whose attachment anxiety is a little above the scale's midpoint, so
    that the client view can show research-linked questions. Invented, like everything in the demo."""
    from reflect.domain.profile import Profile

    end = end or datetime.now().astimezone().replace(hour=17, minute=0, second=0, microsecond=0)
    return Profile(
        recorded_at=(end - timedelta(weeks=10)).astimezone(UTC).replace(microsecond=0),
        anxiety=4.4,
        avoidance=2.3,
        measure="ECR-R",
        taken_on=(end - timedelta(weeks=10)).date(),
        training_stage="trainee",
        supervisor="S-01",
        orientation="integrative",
    )
