"""Pattern findings: pure decisions over the aggregated rows from `store_patterns.PatternData`.

Nothing here touches SQL or the terminal. Each finding kind is one function that reads counts, applies the thresholds
(minimum sample, minimum difference from a comparison group, an exact one-sided test) and words what it found as a
prompt for reflection, never as a conclusion. docs/patterns.md documents every kind and threshold.

Why an exact test as well as a minimum difference: with a handful of sessions a 30-point difference happens by chance
all the time. Fisher's exact test (one-sided, hypergeometric tail) compares a group with its comparison group; where
there is no comparison group, a binomial tail against a stated chance rate is used. Both are computed here with
`math.lgamma`, so no statistics library is needed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from reflect import vocab
from reflect.store_patterns import PatternData, Seqs

# Session events grouped as a clinician thinks of them; the slugs are the `event` vocabulary's.
EVENT_GROUPS: dict[str, tuple[str, ...]] = {
    "break": ("pre-break", "post-break"),
    "ending": ("ending-phase", "final-session"),
    "late": ("late",),
    "cancellation": ("cancellation", "missed"),
    "fee-issue": ("fee-issue",),
    "between-session-contact": ("between-session-contact",),
    # Breaks and endings together: separations. An enactment around separations (over-running next to every break
    # and in the ending phase) splits across the two groups above and can stand out only here.
    "separation": ("pre-break", "post-break", "ending-phase", "final-session"),
}
SEPARATION_PARTS = ("break", "ending")
EVENT_GROUP_WORDS = {
    "break": "sessions next to a break",
    "ending": "sessions in the ending phase",
    "late": "sessions the client came late to",
    "cancellation": "sessions marked with a cancellation or missed session",
    "fee-issue": "sessions with a fee issue",
    "between-session-contact": "sessions with contact between sessions",
    "separation": "sessions next to a break or in the ending phase",
}

EVENT_SUBJECTS = 20  # pulls and feeling families compared for each event group (see stands_out)


def _event_compared(kind: str) -> int:
    """How many slugs are tested together for one event group: pulls with feeling families (as before urges were
    compared), and the urges acted on as their own family, like the enacted-urge kind."""
    return _slug_count("urge") if kind == "urge" else EVENT_SUBJECTS


KINDS = (
    "recurring-pull",
    "enacted-urge",
    "event-concentration",
    "presentation-feeling",
    "stance-profile",
    "ruptures",
    "rupture-urges",
    "triggers",
    "intensity-trend",
    "open-questions",
    "body-signal",
    "experiments",
)
KIND_TITLES = {
    "recurring-pull": "Recurring pulls",
    "enacted-urge": "Urges acted on",
    "event-concentration": "Around session events",
    "presentation-feeling": "Feelings with a presentation",
    "stance-profile": "Stance",
    "ruptures": "Ruptures and repair",
    "rupture-urges": "Urges after rupture markers",
    "triggers": "Triggers",
    "intensity-trend": "Intensity over time",
    "open-questions": "Open supervision questions",
    "body-signal": "Body signals",
    "experiments": "Next-session experiments",
}
FOOTER = "Prompts for reflection, not clinical conclusions; not the clinical record."


@dataclass(frozen=True)
class Thresholds:
    min_sessions: int = 4  # sessions in a group before a rate about it is reported
    min_events: int = 3  # occurrences (sessions with it, ruptures, experiments) before a count is reported
    min_rate: float = 0.5  # "recurring": in at least half of the group's sessions
    min_difference: float = 0.30  # at least 30 percentage points above the comparison group
    alpha: float = 0.01  # one-sided exact test (Fisher; binomial where there is no comparison group)
    stance_share: float = 0.7  # one stance in at least 70% of a client's rated sessions ...
    stance_chance: float = 1 / 2  # ... and unlikely if both ratings were equally likely ("unsure" is not a rating)
    trend_change: float = 1.0  # a change in mean intensity of at least 1 point (0-10) ...
    trend_t: float = 3.0  # ... with |Welch t| >= 3 between the earlier and later half of the sessions
    question_days: int = 21  # supervision questions open longer than this
    # Unresolved ruptures are rare and matter (unresolved confrontation ruptures predict dropout), and there is one
    # comparison per client, so their guard is looser than the alpha above.
    rupture_alpha: float = 0.05

    def footer(self) -> str:
        return (
            f"Thresholds: a rate needs at least {self.min_sessions} sessions and {self.min_events} occurrences; "
            f"'recurring' means at least {self.min_rate:.0%} of sessions; a comparison needs a difference of at "
            f"least {self.min_difference * 100:.0f} percentage points and a one-sided exact test at p <= {self.alpha} "
            "divided by the number of slugs compared; "
            f"a stance profile needs {self.stance_share:.0%} of rated sessions; a trend needs a change of "
            f"{self.trend_change:g} point and |t| >= {self.trend_t:g}; unresolved ruptures need "
            f"{self.min_events}, half of the client's ruptures and p <= {self.rupture_alpha} per session against other "
            f"clients; questions count as waiting after {self.question_days} days."
        )


@dataclass(frozen=True)
class Finding:
    kind: str
    client: str | None
    subject: str
    count: int
    total: int
    rate: float | None
    baseline_rate: float | None
    entries: tuple[str, ...]
    text: str
    baseline_count: int | None = None
    baseline_total: int | None = None
    p_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["entries"] = list(self.entries)
        for key in ("rate", "baseline_rate"):
            if data[key] is not None:
                data[key] = round(data[key], 3)
        if data["p_value"] is not None:
            data["p_value"] = float(f"{data['p_value']:.3g}")
        return data


# --- exact tests ----------------------------------------------------------------------------------------------------


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _tail(first_log: float, ratio: Callable[[int], float], start: int, stop: int) -> float:
    """Sum P(start) + ... + P(stop) given log P(start) and P(x + 1) / P(x), stopping once the terms are negligible
    (past the mode they shrink geometrically), so that a test on 100,000 sessions costs microseconds."""
    term = math.exp(first_log)
    total = term
    for x in range(start, stop):
        term *= ratio(x)
        total += term
        if term < total * 1e-12:
            break
    return min(1.0, total)


def fisher_greater(a: int, n1: int, c: int, n2: int) -> float:
    """One-sided Fisher exact test: P(at least `a` of the `n1` group have it) given `a + c` of `n1 + n2` have it.

    Small values mean the first group has it more often than chance allows.
    """
    total, having = n1 + n2, a + c
    if n1 == 0 or having == 0:
        return 1.0
    first = _log_choose(having, a) + _log_choose(total - having, n1 - a) - _log_choose(total, n1)
    return _tail(
        first,
        lambda x: (having - x) * (n1 - x) / ((x + 1) * (total - having - n1 + x + 1)),
        a,
        min(having, n1),
    )


def binomial_greater(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    first = _log_choose(n, k) + k * math.log(p) + (n - k) * math.log1p(-p)
    return _tail(first, lambda x: (n - x) / (x + 1) * p / (1 - p), k, n)


def _rate(count: int, total: int) -> float | None:
    return count / total if total else None


def _pct(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.0%}"


def stands_out(
    count: int,
    total: int,
    base_count: int,
    base_total: int,
    th: Thresholds,
    *,
    compared: int = 1,
    min_count: int | None = None,
    min_rate: float | None = None,
) -> float | None:
    """The p-value when a group's rate is high enough and far enough above its comparison group, else None.

    `compared` is how many slugs are tested for the same group (all the pulls, all the urges, ...): the test level is
    divided by it (Bonferroni), so that a client whose reactions vary at random rarely produces even one finding.
    """
    if total < th.min_sessions or count < (min_count if min_count is not None else th.min_events):
        return None
    rate = count / total
    if min_rate is not None and rate < min_rate:
        return None
    if base_total > 0:
        if rate - base_count / base_total < th.min_difference:
            return None
        p = fisher_greater(count, total, base_count, base_total)
        return p if p <= th.alpha / compared else None
    return 1.0 if min_rate is not None else None  # no comparison group: only a "recurring" rate can stand alone


# --- wording --------------------------------------------------------------------------------------------------------

Namer = Callable[[str], str]


@cache
def _slug_count(kind: str) -> int:
    return len(vocab.slugs(kind))


_SECOND_PERSON = (
    (r"\bmyself\b", "yourself"), (r"\bmy\b", "your"), (r"\bme\b", "you"), (r"\bI am\b", "you are"),
    (r"\bI\b", "you"),
)  # fmt: skip


@cache
def _label(kind: str, slug: str) -> str:
    """A vocabulary label fitted to a sentence spoken to the clinician: lower-case, and in the second person (the
    labels are the clinician's own words at the prompt: "argue or defend myself" reads "argue or defend yourself")."""
    import re

    text = vocab.label(kind, slug).split(":")[0]
    for mine, yours in _SECOND_PERSON:
        text = re.sub(mine, yours, text)
    return text[:1].lower() + text[1:]


def _pattern(slug: str) -> str:
    return _label("pattern", slug)


@cache
def _family(slug: str) -> str:
    words = vocab.feelings_by_family().get(slug, [])
    shown = ", ".join(words[:3]) + (", ..." if len(words) > 3 else "")
    return f"{_label('feeling_family', slug)} feelings ({shown})"


def _pull(slug: str) -> str:
    # The TRQ factor names as clinicians write them: parental/protective, special/overinvolved, ...
    return slug.replace("-", "/")


def _subject(kind: str, slug: str) -> str:
    return f"the {_pull(slug)} pull" if kind == "pull" else _family(slug)


def _of(count: int, total: int, noun: str = "sessions") -> str:
    return f"{count} of {total} {noun}" if total != 1 else f"{count} of 1 {noun.rstrip('s')}"


def _client_with(client: str, name: Namer, data: PatternData) -> str:
    pattern = data.client_pattern.get(client)
    return f"{name(client)} ({_pattern(pattern)})" if pattern else name(client)


# --- the twelve kinds -----------------------------------------------------------------------------------------------


def _focal_clients(data: PatternData) -> list[str]:
    if data.focal_client:
        return [data.focal_client] if data.focal_client in data.sessions else []
    return sorted(data.sessions)


def recurring_pulls(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    totals, all_sessions = data.pull_totals, data.all_sessions
    focal = set(_focal_clients(data))
    found = []
    for client, pull, count, seqs in data.pulls:
        if client not in focal:
            continue
        n = data.sessions[client]
        base_count, base_total = totals.get(pull, 0) - count, all_sessions - n
        p = stands_out(
            count,
            n,
            base_count,
            base_total,
            th,
            compared=_slug_count("pull"),
            min_count=th.min_sessions,
            min_rate=th.min_rate,
        )
        if p is None:
            continue
        base = _rate(base_count, base_total)
        against = (
            f", against {_pct(base)} of sessions with other clients"
            if base is not None
            else " (there are no other clients in this period to compare with)"
        )
        text = (
            f"With {_client_with(client, name, data)} you logged the {_pull(pull)} pull in "
            f"{_of(count, n)} ({_pct(count / n)}){against}. What might this pull be telling you about the relationship?"
        )
        found.append(
            Finding(
                "recurring-pull",
                client,
                pull,
                count,
                n,
                count / n,
                base,
                data.entry_ids(seqs),
                text,
                base_count if base_total else None,
                base_total or None,
                p if base_total else None,
            )
        )
    return found


URGE_PROMPTS = {
    "over-run-time": "What happens in you as the end of the session approaches?",
    "reassure": "What might the client have needed to feel, just before you reassured?",
    "rescue": "What would it be like to stay with the difficulty a little longer?",
    "extra-contact": "What makes the time between sessions hard to leave to the client?",
    "bend-frame": "What is the frame holding for both of you here?",
    "withdraw": "What were you withdrawing from, and what might the client have felt?",
    "walk-on-eggshells": "What do you fear would happen if you did not tread carefully?",
}


def enacted_urges(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    totals, all_sessions = data.enacted_totals, data.all_sessions
    focal = set(_focal_clients(data))
    found: list[Finding] = []
    by_client: set[tuple[str, str]] = set()
    for client, urge, _, enacted, _, seqs in data.urges:
        if client not in focal:
            continue
        n = data.sessions[client]
        base_count, base_total = totals.get(urge, 0) - enacted, all_sessions - n
        p = stands_out(enacted, n, base_count, base_total, th, compared=_slug_count("urge"))
        if p is None:
            continue
        by_client.add((client, urge))
        base = base_count / base_total
        text = (
            f"You acted on the urge to {_label('urge', urge)} in {_of(enacted, n)} ({_pct(enacted / n)}) with "
            f"{_client_with(client, name, data)}, and in "
            f"{_of(base_count, base_total, 'sessions')} with other clients ({_pct(base)}). "
            + URGE_PROMPTS.get(urge, "What might acting on this urge be answering, for you or for the client?")
        )
        found.append(
            Finding(
                "enacted-urge",
                client,
                urge,
                enacted,
                n,
                enacted / n,
                base,
                data.entry_ids(seqs),
                text,
                base_count,
                base_total,
                p,
                {"group": "client"},
            )
        )
    patterns_of_client = {c: data.client_pattern.get(c) for c in data.sessions}
    for pattern, urge, enacted, clients, seqs in data.urges_by_pattern:
        n = data.pattern_sessions.get(pattern, 0)
        base_count, base_total = data.urge_enacted_focal.get(urge, 0) - enacted, data.focal_sessions - n
        p = stands_out(enacted, n, base_count, base_total, th, compared=_slug_count("urge"))
        if p is None:
            continue
        # One client coded this way and already named above: the client finding says it better.
        if clients == 1 and any(patterns_of_client.get(c) == pattern and u == urge for c, u in by_client):
            continue
        base = base_count / base_total
        text = (
            f"You acted on the urge to {_label('urge', urge)} in {_of(enacted, n)} you coded {_pattern(pattern)} "
            f"({_pct(enacted / n)}; {clients} client{'s' if clients != 1 else ''}), and in "
            f"{_of(base_count, base_total)} otherwise ({_pct(base)}). "
            + URGE_PROMPTS.get(urge, "What might acting on this urge be answering, for you or for the client?")
        )
        found.append(
            Finding(
                "enacted-urge",
                None,
                urge,
                enacted,
                n,
                enacted / n,
                base,
                data.entry_ids(seqs),
                text,
                base_count,
                base_total,
                p,
                {"group": "presentation", "presentation": pattern},
            )
        )
    return found


def event_concentrations(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    from reflect.finding_questions import event_question

    event_n = {(c, g): n for c, g, n in data.event_sessions}
    focal = set(_focal_clients(data))
    found: list[Finding] = []
    for client, group, kind, slug, count, seqs in data.event_subjects:
        if client not in focal:
            continue
        n_ev = event_n[(client, group)]
        n = data.sessions[client]
        total_with = data.subject_totals.get((client, kind, slug), 0)
        base_count, base_total = total_with - count, n - n_ev
        p = stands_out(count, n_ev, base_count, base_total, th, compared=_event_compared(kind), min_rate=th.min_rate)
        if p is None or base_total == 0:
            continue
        base = base_count / base_total
        where = EVENT_GROUP_WORDS[group]
        if kind == "urge":
            text = (
                f"With {_client_with(client, name, data)} you acted on the urge to {_label('urge', slug)} in "
                f"{_of(count, n_ev, where)} ({_pct(count / n_ev)}), and in {_of(base_count, base_total, 'others')} "
                f"({_pct(base)}). "
            )
        else:
            text = (
                f"With {_client_with(client, name, data)}, {_subject(kind, slug)} came in {_of(count, n_ev)} "
                f"{where.removeprefix('sessions ')} ({_pct(count / n_ev)}), against "
                f"{_of(base_count, base_total, 'other sessions')} ({_pct(base)}). "
            )
        text += event_question(group, kind, slug, data.client_pattern.get(client))
        found.append(
            Finding(
                "event-concentration",
                client,
                slug,
                count,
                n_ev,
                count / n_ev,
                base,
                data.entry_ids(seqs),
                text,
                base_count,
                base_total,
                p,
                {"event": group, "subject_kind": kind},
            )
        )
    # Across clients: only when the sessions involved come from two or more clients, and compared with the same
    # clients' other sessions.
    for group, kind, slug, count, clients, seqs, base_count in data.event_subjects_overall:
        if clients < 2:
            continue
        n_ev, events_clients, base_total = data.event_overall[group]
        p = stands_out(count, n_ev, base_count, base_total, th, compared=_event_compared(kind), min_rate=th.min_rate)
        if p is None or base_total == 0:
            continue
        base = base_count / base_total
        what = f"you acted on the urge to {_label('urge', slug)}" if kind == "urge" else _subject(kind, slug) + " came"
        text = (
            f"In {EVENT_GROUP_WORDS[group]} ({n_ev} sessions, {events_clients} clients), "
            f"{what} in {count} ({_pct(count / n_ev)}; {clients} clients), "
            f"against {base_count} of the same clients' {base_total} other sessions ({_pct(base)}). "
            + event_question(group, kind, slug, None)
        )
        found.append(
            Finding(
                "event-concentration",
                None,
                slug,
                count,
                n_ev,
                count / n_ev,
                base,
                data.entry_ids(seqs),
                text,
                base_count,
                base_total,
                p,
                {"event": group, "subject_kind": kind, "clients": clients},
            )
        )
    return _one_per_separation(found)


def _one_per_separation(found: list[Finding]) -> list[Finding]:
    """Breaks, endings and the two together describe overlapping sessions: of the three, keep for each client and
    subject only the finding with the strongest evidence (the smallest p; the narrower group when equal)."""
    best: dict[tuple[str | None, str, str], Finding] = {}
    for f in found:
        if f.details["event"] in (*SEPARATION_PARTS, "separation"):
            key = (f.client, f.details["subject_kind"], f.subject)
            rank = (f.p_value or 0.0, f.details["event"] == "separation")
            if key not in best or rank < ((best[key].p_value or 0.0), best[key].details["event"] == "separation"):
                best[key] = f
    kept = set(map(id, best.values()))
    return [f for f in found if f.details["event"] not in (*SEPARATION_PARTS, "separation") or id(f) in kept]


def presentation_feelings(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    from reflect.finding_questions import presentation_feeling_question

    found = []
    for pattern, family, count, clients, seqs in data.family_by_pattern:
        n = data.pattern_sessions.get(pattern, 0)
        base_count, base_total = data.family_focal.get(family, 0) - count, data.focal_sessions - n
        p = stands_out(
            count, n, base_count, base_total, th, compared=_slug_count("feeling_family"), min_rate=th.min_rate
        )
        if p is None or base_total == 0:
            continue
        base = base_count / base_total
        n_clients = data.pattern_clients.get(pattern, clients)
        text = (
            f"{_family(family)[0].upper()}{_family(family)[1:]} appear in {_of(count, n)} you coded "
            f"{_pattern(pattern)} ({_pct(count / n)}; {n_clients} client{'s' if n_clients != 1 else ''}), and in "
            f"{_pct(base)} of other sessions. " + presentation_feeling_question(family, pattern)
        )
        found.append(
            Finding(
                "presentation-feeling",
                None,
                family,
                count,
                n,
                count / n,
                base,
                data.entry_ids(seqs),
                text,
                base_count,
                base_total,
                p,
                {"presentation": pattern},
            )
        )
    return found


RATED_STANCES = ("complementary", "non-complementary")
STANCE_PROMPTS = {
    "complementary": "What might a gently non-complementary response look like, and what makes it hard to offer?",
    "non-complementary": "What helps you offer something different here, and how does the client take it?",
}


def stance_profiles(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    per_client: dict[str, list[tuple[str, int, Seqs]]] = defaultdict(list)
    # "Unsure" is a valid answer but not a rating: it is in neither the numerator nor the denominator of a rate.
    stance_totals = {s: n for s, n in data.stance_totals.items() if s in RATED_STANCES}
    for client, stance, count, seqs in data.stances:
        if stance in RATED_STANCES:
            per_client[client].append((stance, count, seqs))
    all_rated = sum(stance_totals.values())
    found = []
    for client in _focal_clients(data):
        rows = per_client.get(client, [])
        rated = sum(c for _, c, _ in rows)
        if rated < th.min_sessions or not rows:
            continue
        stance, count, seqs = max(rows, key=lambda r: (r[1], r[0]))
        if count < th.min_sessions or count / rated < th.stance_share:
            continue
        p = binomial_greater(count, rated, th.stance_chance)
        if p > th.alpha:
            continue
        others = all_rated - rated
        base = (stance_totals.get(stance, 0) - count) / others if others else None
        text = (
            f"With {_client_with(client, name, data)} you rated your stance {_label('stance', stance)} in "
            f"{_of(count, rated, 'rated sessions')} ({_pct(count / rated)})"
            + (f"; with other clients, in {_pct(base)}" if base is not None else "")
            + f". {STANCE_PROMPTS[stance]}"
        )
        found.append(
            Finding(
                "stance-profile",
                client,
                stance,
                count,
                rated,
                count / rated,
                base,
                data.entry_ids(seqs),
                text,
                (stance_totals.get(stance, 0) - count) if others else None,
                others or None,
                p,
            )
        )
    return found


def _trigger_phrase(counts: dict[str, int]) -> str:
    parts = [
        f"{n} after {_label('rupture_trigger', t)}" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return ", ".join(parts)


def rupture_findings(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    focal = set(_focal_clients(data))
    found: list[Finding] = []
    by_client: dict[str, dict[str, Any]] = {}
    for client, rtype, resolved, trigger, count, meta, seqs in data.ruptures:
        c = by_client.setdefault(
            client,
            {
                "total": 0,
                "types": defaultdict(int),
                "yes": 0,
                "no": 0,
                "partial": 0,
                "no_triggers": defaultdict(int),
                "no_types": defaultdict(int),
                "seqs": [],
                "no_seqs": [],
                "meta": 0,
            },
        )
        c["total"] += count
        c["types"][rtype] += count
        c["meta"] += meta
        c["seqs"].append(seqs)
        if resolved in ("yes", "no", "partial"):
            c[resolved] += count
        if resolved == "no":
            c["no_triggers"][trigger or "unknown"] += count
            c["no_types"][rtype] += count
            c["no_seqs"].append(seqs)
    # The whole caseload (or the one client): counts by type, repair rate, what came before unresolved ones.
    mine = [v for k, v in by_client.items() if k in focal]
    total = sum(v["total"] for v in mine)
    if total >= th.min_events:
        types: dict[str, int] = defaultdict(int)
        no_triggers: dict[str, int] = defaultdict(int)
        for v in mine:
            for t, n in v["types"].items():
                types[t] += n
            for t, n in v["no_triggers"].items():
                no_triggers[t] += n
        resolved = sum(v["yes"] for v in mine)
        unresolved = sum(v["no"] for v in mine)
        partial = sum(v["partial"] for v in mine)
        type_text = ", ".join(f"{n} {t}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
        text = (
            f"Ruptures: {total} ({type_text}); {resolved} resolved in session ({_pct(resolved / total)})"
            + (f", {partial} partly" if partial else "")
            + (f", {unresolved} not" if unresolved else "")
            + "."
        )
        if unresolved:
            known = {k: v for k, v in no_triggers.items() if k != "unknown"}
            if known:
                text += f" Before the unresolved ones: {_trigger_phrase(known)}."
        text += " What happens between you and your clients in the moments before a rupture?"
        all_seqs = [s for v in mine for s in v["seqs"]]
        found.append(
            Finding(
                "ruptures",
                data.focal_client,
                "ruptures",
                resolved,
                total,
                resolved / total,
                None,
                data.entry_ids(*all_seqs),
                text,
                details={
                    "types": dict(types),
                    "partial": partial,
                    "unresolved": unresolved,
                    "unresolved_after": dict(no_triggers),
                },
            )
        )
    if data.focal_client:
        return found
    # Per client: unresolved ruptures gathering with one client.
    all_total = sum(o["total"] for o in by_client.values())
    all_no = sum(o["no"] for o in by_client.values())
    for client in sorted(focal):
        stats = by_client.get(client)
        if not stats or stats["no"] < th.min_events or stats["no"] / stats["total"] < th.min_rate:
            continue
        others_total, others_no = all_total - stats["total"], all_no - stats["no"]
        base = others_no / others_total if others_total else None
        # Do unresolved ruptures gather with this client? Per session, against the other clients' sessions (the
        # share of ruptures left unresolved elsewhere rests on too few ruptures to compare with).
        n = data.sessions.get(client, 0)
        p = fisher_greater(stats["no"], n, others_no, data.all_sessions - n) if n else 1.0
        if p > th.rupture_alpha:
            continue
        rtype = max(stats["no_types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        known = {k: n for k, n in stats["no_triggers"].items() if k != "unknown"}
        text = (
            f"With {_client_with(client, name, data)}: {stats['total']} ruptures "
            f"({', '.join(f'{n} {t}' for t, n in sorted(stats['types'].items()))}); "
            f"{stats['no']} not resolved in session "
            f"({_pct(stats['no'] / stats['total'])}; in {n} sessions)"
            + (
                f", against {others_no} unresolved of {others_total} in {data.all_sessions - n} sessions with other "
                "clients"
                if base is not None
                else ""
            )
            + (f". Before the unresolved ones: {_trigger_phrase(known)}" if known else "")
            + f". You used metacommunication in {stats['meta']} of {stats['total']}. "
            "What might supervision help you see about these moments?"
        )
        found.append(
            Finding(
                "ruptures",
                client,
                rtype,
                stats["no"],
                stats["total"],
                stats["no"] / stats["total"],
                base,
                data.entry_ids(*stats["no_seqs"]),
                text,
                others_no if others_total else None,
                others_total or None,
                p,
                details={"unresolved_after": dict(stats["no_triggers"]), "metacommunication": stats["meta"]},
            )
        )
    return found


def rupture_urges(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    focal = set(_focal_clients(data))
    sessions = {(c, t): n for c, t, n in data.rupture_sessions}
    meta: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for client, rtype, _, _, count, m, _ in data.ruptures:
        meta[(client, rtype)][0] += m
        meta[(client, rtype)][1] += count
    felt = {(c, u): (f, in_rupture) for c, u, f, _, in_rupture, _ in data.urges}
    best: dict[tuple[str, str], tuple[str, int, Seqs]] = {}
    for client, rtype, urge, count, seqs in data.rupture_urges:
        key = (client, rtype)
        if client in focal and (key not in best or (count, urge) > (best[key][1], best[key][0])):
            best[key] = (urge, count, seqs)
    found = []
    for (client, rtype), (urge, count, seqs) in sorted(best.items()):
        n = sessions[(client, rtype)]
        if n < th.min_events or count < th.min_events or count / n < th.min_rate:
            continue
        total_felt, in_rupture = felt.get((client, urge), (0, 0))
        quiet = data.unruptured_sessions.get(client, 0)
        base = (total_felt - in_rupture) / quiet if quiet else None
        if base is not None and count / n - base < th.min_difference:
            continue  # as common without a rupture: it does not follow the rupture
        m, r = meta[(client, rtype)]
        text = (
            f"With {_client_with(client, name, data)}, sessions with a {rtype} rupture came with the urge to "
            f"{_label('urge', urge)} in {_of(count, n)} ({_pct(count / n)})"
            + (f", against {_pct(base)} of sessions without a rupture" if base is not None else "")
            + f"; you used metacommunication in {m} of {r} {rtype} rupture{'s' if r != 1 else ''}. "
            "What might it be like to name what is happening between you?"
        )
        found.append(
            Finding(
                "rupture-urges",
                client,
                urge,
                count,
                n,
                count / n,
                base,
                data.entry_ids(seqs),
                text,
                (total_felt - in_rupture) if quiet else None,
                quiet or None,
                details={"rupture_type": rtype, "metacommunication": m, "ruptures": r},
            )
        )
    return found


def trigger_findings(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    """Triggers that gather with one client (against your sessions with other clients), and material close to your
    own history whenever it recurs. Never a trigger on frequency alone: the most frequent one is usually the vaguest
    ("something the client brought"), which says nothing worth taking to supervision."""
    found = []
    focal = set(_focal_clients(data))
    for client, trigger, count, seqs in data.client_triggers:
        if client not in focal:
            continue
        n = data.sessions[client]
        base_count, base_total = data.trigger_totals.get(trigger, 0) - count, data.all_sessions - n
        p = stands_out(count, n, base_count, base_total, th, compared=_slug_count("trigger"))
        if p is None:
            continue
        base = base_count / base_total
        label = _label("trigger", trigger).replace(" my ", " your ")
        text = (
            f"With {_client_with(client, name, data)} you named {label} as a trigger in {_of(count, n)} "
            f"({_pct(count / n)}), against {_of(base_count, base_total, 'sessions')} with other clients "
            f"({_pct(base)}). What is it about {label} with this client that catches you?"
        )
        found.append(
            Finding(
                kind="triggers",
                client=client,
                subject=trigger,
                count=count,
                total=n,
                rate=count / n,
                baseline_rate=base,
                entries=data.entry_ids(seqs),
                text=text,
                baseline_count=base_count,
                baseline_total=base_total,
                p_value=p,
                details={"group": "client"},
            )  # fmt: skip
        )
    own = next((r for r in data.triggers if r[0] == "own-history"), None)
    if own and own[1] >= th.min_events:
        trigger, count, clients, seqs = own
        text = (
            f"Material close to your own history came up as a trigger in {count} of {data.focal_sessions} entries "
            f"({clients} client{'s' if clients != 1 else ''}). What in your own story is being touched? It may "
            "belong in supervision (eye 4: your own process)."
        )
        found.append(
            Finding(
                "triggers",
                data.focal_client,
                trigger,
                count,
                data.focal_sessions,
                _rate(count, data.focal_sessions),
                None,
                data.entry_ids(seqs),
                text,
                details={"clients": clients, "group": "own-history"},
            )  # fmt: skip
        )
    return found


def _line(n: int, sx: float, sy: float, sxx: float, sxy: float, syy: float, x0: float, x1: float):
    """Least-squares line of intensity on time: (mean, value at the first session, at the last, t of the slope)."""
    mean = sy / n
    vxx = sxx - sx * sx / n
    if n < 3 or vxx <= 1e-9:
        return mean, mean, mean, 0.0
    vxy = sxy - sx * sy / n
    vyy = max(syy - sy * sy / n, 0.0)
    slope = vxy / vxx
    intercept = (sy - slope * sx) / n
    residual = max(vyy - slope * vxy, 0.0) / (n - 2)
    se = math.sqrt(residual / vxx)
    t = slope / se if se > 0 else (math.inf if slope > 0 else -math.inf if slope < 0 else 0.0)
    return mean, intercept + slope * x0, intercept + slope * x1, t


def intensity_trends(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    rows = {r[0]: r[1:] for r in data.intensity}
    found = []
    focal = set(_focal_clients(data))
    # With --client the caseload line already is that client's; no second, per-client line.
    for client in [None] if data.focal_client else [None, *sorted(focal)]:
        if client not in rows:
            continue
        n, *sums = rows[client]
        if n < 2 * th.min_sessions:
            continue
        mean, start, end, t = _line(n, *sums)
        change = end - start
        moved = abs(change) >= th.trend_change and abs(t) >= th.trend_t
        direction = "rising" if moved and change > 0 else "falling" if moved else "flat"
        if client is not None and not moved:
            continue
        weeks = max(1, round((rows[client][-1] - rows[client][-2]) / 7))
        line = (
            f"{'rose' if change > 0 else 'fell'} from about {start:.1f} to {end:.1f} (0-10) over {weeks} "
            f"week{'s' if weeks != 1 else ''} and {n} sessions"
        )
        if client is None:
            who = f"with {name(data.focal_client)}" if data.focal_client else "across clients"
            if moved:
                text = f"Intensity {who} {line}."
            else:
                text = (
                    f"Mean intensity {who} was {mean:.1f} (0-10) over {n} sessions, with no trend: sessions vary "
                    "more than they change."
                )
            if data.management and data.management_sessions:
                factor, count = data.management[0]
                text += (
                    f" The management strength you logged most was {_label('management', factor).split(' (')[0]} "
                    f"({count} of {data.management_sessions} entries that name one)."
                )
            text += " What has changed in the work, or in you?" if moved else ""
        else:
            text = f"With {_client_with(client, name, data)} intensity {line}. What has changed in the work, or in you?"
        found.append(
            Finding(
                "intensity-trend",
                client if client is not None else data.focal_client,
                direction,
                n,
                n,
                None,
                None,
                (),
                text,
                details={
                    "mean": round(mean, 2),
                    "start": round(start, 2),
                    "end": round(end, 2),
                    "t": round(t, 2) if math.isfinite(t) else None,
                },
            )
        )
    return found


def question_age_days(asked_at: str, now: datetime) -> int:
    from reflect.store import stored_time

    return max(0, (now.astimezone().date() - stored_time(asked_at).astimezone().date()).days)


def open_questions(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    if not data.questions:
        return []
    # Oldest first, so the waiting ones are a prefix; stored times compare as text.
    from datetime import timedelta

    from reflect.store import local_day_start_utc

    cutoff = local_day_start_utc(data.now.astimezone().date() - timedelta(days=th.question_days))
    waiting = []
    for q in data.questions:
        if q["asked_at"] >= cutoff:
            break
        waiting.append(q)
    if not waiting:
        return []
    oldest = waiting[0]
    age = question_age_days(oldest["asked_at"], data.now)
    eye = f", eye {oldest['eye']}" if oldest["eye"] else ""
    n = len(waiting)
    text = (
        f"{n} supervision question{'s have' if n != 1 else ' has'} been open for more than {th.question_days} days "
        f"(of {len(data.questions)} open); the oldest ({age} days) is about {name(oldest['client'])}{eye}. "
        "Which one matters most to bring next time?"
    )
    entries = tuple(dict.fromkeys(q["entry_id"] for q in waiting))
    return [
        Finding(
            "open-questions",
            data.focal_client,
            "open",
            n,
            len(data.questions),
            n / len(data.questions),
            None,
            entries,
            text,
            details={"oldest_days": age, "question_ids": [q["id"] for q in waiting]},
        )
    ]


def body_signals(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    best: dict[str, Finding] = {}
    for sensation, family, count, seqs in data.body_family:
        total = data.body.get(sensation, 0)
        base_count, base_total = data.family_focal.get(family, 0) - count, data.focal_sessions - total
        p = stands_out(
            count, total, base_count, base_total, th, compared=_slug_count("feeling_family"), min_rate=th.min_rate
        )
        if p is None or base_total == 0:
            continue
        base = base_count / base_total
        text = (
            f"{_label('body', sensation).capitalize()} came with {_family(family)} in {_of(count, total, 'entries')} "
            f"({_pct(count / total)}), against {_pct(base)} of entries without it. It may be an early signal for you: "
            "what do you notice first?"
        )
        finding = Finding(
            "body-signal",
            data.focal_client,
            sensation,
            count,
            total,
            count / total,
            base,
            data.entry_ids(seqs),
            text,
            base_count,
            base_total,
            p,
            {"family": family},
        )
        if sensation not in best or (finding.rate or 0) > (best[sensation].rate or 0):
            best[sensation] = finding
    return [best[s] for s in sorted(best)]


def experiment_findings(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    planned, awaiting, followed, yes, partly, no, seqs = data.experiments
    if planned < th.min_events:
        return []
    # Missing data is never a finding: an experiment whose follow-up nobody recorded is not one "not followed up".
    # The rate is over the experiments whose follow-up was recorded, and the rest are named as unrecorded.
    due = planned - awaiting
    tried = yes + partly
    waiting = f"{awaiting} await{'s' if awaiting == 1 else ''} the client's next session"
    text = f"You planned {planned} next-session experiment{'s' if planned != 1 else ''}; "
    if followed:
        text += (
            f"of the {followed} whose follow-up you recorded, you tried {tried} ({yes} fully, {partly} partly, "
            f"{no} not)"
            + (f"; no follow-up is recorded for {due - followed} more" if due > followed else "")
            + (f"; {waiting}" if awaiting else "")
            + ". What helps an experiment survive into the next session?"
        )
    else:
        text += (
            f"no follow-up is recorded for the {due} that have had a next session"
            + (f" ({waiting})" if awaiting else "")
            + ", so there is nothing to count yet. When the next entry asks whether you tried it, what would help "
            "you answer?"
        )
    return [
        Finding(
            "experiments",
            data.focal_client,
            "experiments",
            tried,
            followed,
            _rate(tried, followed),
            None,
            data.entry_ids(seqs),
            text,
            details={
                "planned": planned,
                "awaiting": awaiting,
                "unrecorded": due - followed,
                "tried_yes": yes,
                "tried_partly": partly,
                "tried_no": no,
            },
        )
    ]


ANALYSERS = (
    recurring_pulls,
    enacted_urges,
    event_concentrations,
    presentation_feelings,
    stance_profiles,
    rupture_findings,
    rupture_urges,
    trigger_findings,
    intensity_trends,
    open_questions,
    body_signals,
    experiment_findings,
)


def analyse(data: PatternData, th: Thresholds | None = None, *, name: Namer | None = None) -> list[Finding]:
    """All findings for the period, grouped by client (clients in code order, then findings about the caseload),
    then by kind in the documented order. `name` renders client codes (a redactor's aliases in shared documents)."""
    th = th or Thresholds()
    namer: Namer = name or (lambda code: code)
    findings = [f for analyser in ANALYSERS for f in analyser(data, th, namer)]
    # An urge acted on around one kind of session event says more than the same urge's rate over all the client's
    # sessions (the around-events finding carries the comparison); keep only the specific one.
    around_events = {(f.client, f.subject) for f in findings if f.kind == "event-concentration"
                     and f.details.get("subject_kind") == "urge"}  # fmt: skip
    findings = [f for f in findings if not (f.kind == "enacted-urge" and f.client and (f.client, f.subject)
                                            in around_events)]  # fmt: skip
    order = {k: i for i, k in enumerate(KINDS)}
    findings.sort(key=lambda f: (f.client is None, f.client or "", order[f.kind]))
    from dataclasses import replace

    from reflect.finding_questions import limit_repeats

    texts = limit_repeats([f.text for f in findings], [namer(f.client) if f.client else None for f in findings])
    return [f if f.text == text else replace(f, text=text) for f, text in zip(findings, texts, strict=True)]
