"""The words reflect uses, each defined in one plain line: the clinical terms (`reflect help terms`) and what each
controlled vocabulary holds (`reflect prompts vocabulary`)."""

from __future__ import annotations

# (term, one-line definition), in the order a new user meets them in an entry.
TERMS: tuple[tuple[str, str], ...] = (
    ("pull", "The role a client draws you into (protector, favourite, failure, critic): a pressure felt, not yet a "
             "deed."),
    ("urge", "Something you wanted to do in the session, such as reassure, advise or go quiet, whether or not you "
             "did it."),
    ("felt / acted on", "An urge you only noticed is felt; one you carried out in the session is acted on."),
    ("complementary stance", "You answered in the way the client's usual way of relating invites: soothing when they "
                             "cling, keeping your distance when they keep theirs."),
    ("non-complementary stance", "You offered something other than what their way of relating invites, such as "
                                 "steady warmth to someone who keeps you at arm's length."),
    ("presentation", "How the client related to you in the session, as you coded it (secure, anxious, avoidant, "
                     "disorganized): your reading, not a diagnosis."),
    ("rupture", "A strain or break in the working alliance: you stop agreeing on the tasks or goals, or the bond "
                "between you frays."),
    ("withdrawal rupture", "The client moves away from you or the work: goes quiet, defers, changes the subject."),
    ("confrontation rupture", "The client moves against you: complains, criticises, or pushes back at what you "
                              "offer."),
    ("repair", "What mends a rupture: explaining, changing the task, or talking together about what just happened."),
    ("metacommunication", "Talking with the client, in the moment, about what is happening between the two of you."),
    ("trigger", "What in the session set your reaction off, including material close to your own history."),
    ("experiment", "One small thing you plan to try at the client's next session; the next entry asks how it went."),
    ("seven eyes", "Hawkins and Shohet's map of where supervision can look; each supervision question names one "
                   "eye:"),
)  # fmt: skip

# What each seven-eyed focus looks at, in a line each (the `eye` vocabulary's labels are their short names).
EYES: tuple[tuple[int, str], ...] = (
    (1, "the client: what they said and did, and their story"),
    (2, "your interventions: what you did, and what else you might have done"),
    (3, "the relationship between you, including transference"),
    (4, "your own process: what the work stirs in you (countertransference)"),
    (5, "the supervision relationship, where the therapy's dynamics can be replayed (parallel process)"),
    (6, "your supervisor's own reactions to you and the case"),
    (7, "the wider context: the service, the rules, the culture around the work"),
)

# What each controlled vocabulary holds, in one line (keys are `reflect prompts vocabulary` names).
KINDS: dict[str, str] = {
    "modality": "Who was in the session: one client, a couple, a family or a group.",
    "pattern": "The way of relating you saw in the client (your coding, never a diagnosis).",
    "confidence": "How sure you were of that coding.",
    "marker": "What you saw the client do that led you to that coding.",
    "event": "What happened around the session: a first or final session, a break, lateness, a fee issue.",
    "feeling_family": "The groups your feelings are counted in (protective, disengaged, inadequate, ...).",
    "feeling": "The words for what you felt, each in its family.",
    "rating": "How strongly you felt a feeling, from 1 (a trace) to 4 (very strong).",
    "body": "Where you noticed the reaction in your body.",
    "urge": "What you wanted to do in the session; each is marked felt or acted on.",
    "pull": "The role you felt drawn into (the factors of the Therapist Response Questionnaire, and two more).",
    "trigger": "What in the session set your reaction off.",
    "stance": "Whether you answered as the client's way of relating invites (complementary) or offered something else.",
    "management": "What helped you manage your reaction (the five capacities of countertransference management).",
    "rupture_type": "Which way a rupture went: away from you (withdrawal) or against you (confrontation).",
    "rupture_marker": "What the client did that showed the rupture.",
    "rupture_trigger": "What came just before the rupture.",
    "strategy": "What you did to repair the rupture.",
    "resolved": "Whether the rupture was repaired within the session.",
    "tried": "Whether last session's experiment was tried.",
    "eye": "The seven eyes of supervision: what a supervision question is about.",
    "want": "The kind of help you want from supervision: teaching, thinking together, or support with what it stirs.",
    "status": "Where a supervision question stands.",
    "rupture_marker_type": "Which kind of rupture each marker signals.",
    "intensity": "How strong the whole reaction was, from 0 (none) to 10 (overwhelming).",
    "training_stage": "Where you are in your training (your profile).",
    "orientation": "The way you work (your profile).",
}


def kind_meaning(kind: str) -> str:
    return KINDS.get(kind, "")
