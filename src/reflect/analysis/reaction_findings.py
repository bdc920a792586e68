"""Pattern findings about reactions: recurring pulls, urges acted on, events, presentations and stance."""

from __future__ import annotations

from collections import defaultdict

from reflect.analysis.pattern_terms import (
    EVENT_GROUP_WORDS,
    SEPARATION_PARTS,
    Namer,
    _client_with,
    _event_compared,
    _family,
    _focal_clients,
    _label,
    _of,
    _pattern,
    _pull,
    _slug_count,
    _subject,
)
from reflect.analysis.stats import Finding, Thresholds, _pct, _rate, binomial_greater, stands_out
from reflect.domain.rows import PatternData, Seqs


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
    from reflect.analysis.finding_questions import event_question

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
    from reflect.analysis.finding_questions import presentation_feeling_question

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
