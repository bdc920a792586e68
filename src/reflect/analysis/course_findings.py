"""Pattern findings over the course of the work: ruptures and their urges, triggers, intensity trends, waiting
questions, body signals and experiments."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from reflect.analysis.pattern_terms import (
    Namer,
    _client_with,
    _family,
    _focal_clients,
    _label,
    _of,
    _slug_count,
)
from reflect.analysis.stats import Finding, Thresholds, _pct, _rate, fisher_greater, stands_out
from reflect.domain.rows import PatternData, Seqs


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
            f"With {_client_with(client, name, data)} you named “{label}” as a trigger in {_of(count, n)} "
            f"({_pct(count / n)}), against {_of(base_count, base_total, 'sessions')} with other clients "
            f"({_pct(base)}). What is it about the work with this client that makes this catch you?"
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


def question_age_days(asked_at: str, on: date) -> int:
    """Whole local days from the question's asking to the day `on` (never negative)."""
    from reflect.domain.dates import stored_time

    return max(0, (on - stored_time(asked_at).astimezone().date()).days)


def ages_counted_to(now: datetime, until: date | str | None) -> date:
    """The day a period's question ages are counted to: its last day, or today when it runs to today or beyond.
    A prep for a past period reads as it would have on that period's last day, not as of the day it is printed."""
    today = now.astimezone().date()
    if until is None:
        return today
    end = until if isinstance(until, date) else date.fromisoformat(until)
    return min(today, end)


def open_questions(data: PatternData, th: Thresholds, name: Namer) -> list[Finding]:
    if not data.questions:
        return []
    # Oldest first, so the waiting ones are a prefix; stored times compare as text.
    from datetime import timedelta

    from reflect.domain.dates import local_day_start_utc

    on = ages_counted_to(data.now, data.period_end)
    cutoff = local_day_start_utc(on - timedelta(days=th.question_days))
    waiting = []
    for q in data.questions:
        if q["asked_at"] >= cutoff:
            break
        waiting.append(q)
    if not waiting:
        return []
    oldest = waiting[0]
    age = question_age_days(oldest["asked_at"], on)
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
