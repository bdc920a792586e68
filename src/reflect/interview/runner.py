"""Runs a prompt pack through an Asker, keeping every answer in a draft the moment it is given.

Knows nothing of SQL or Typer: the command wires in `persist` (saves the draft) and an InterviewContext (what the
journal knows). The draft state is plain JSON:

    {"done": [step ids], "values": {reflect/1 fields}, "answers": {free answers}, "partial": {step: progress}}

so an interrupted interview resumes exactly where it stopped, even half-way through rating feelings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reflect.domain import vocab
from reflect.domain.packs import Pack, Question
from reflect.interview.asker import Asker, Choice

SKIP = "__skip__"  # the value of a "skip this" choice in selects
NOT_RATED = "Skip / not rated"


def with_skip(choices: list[Choice], label: str = "Skip") -> list[Choice]:
    """A select's choices with "skip" first: Enter on an untouched question then records nothing."""
    return [Choice(SKIP, label), *choices]


def skip_default(current: Any) -> Any:
    """Where the cursor starts: on the value already given (resume, edit), else on "skip", never on a guess."""
    return SKIP if current is None else current


@dataclass
class InterviewContext:
    now: datetime
    client_codes: Sequence[str] = ()  # most recent first
    new_code: Callable[[], str] = lambda: "C-0000"
    # client, session time -> (experiment text, when) of the client's previous entry, if it set one
    previous_experiment: Callable[[str, datetime], tuple[str, datetime] | None] = lambda c, t: None
    defaults: dict[str, Any] = field(default_factory=dict)  # the entry being edited, as reflect/1
    fixed_client: str | None = None
    fixed_session_at: str | None = None
    # client, session time -> short id of another entry already written for that session, if any
    entry_at: Callable[[str, datetime], str | None] = lambda c, t: None


class Interview:
    def __init__(self, pack: Pack, asker: Asker, state: dict[str, Any], persist: Callable[[dict[str, Any]], None],
                 ctx: InterviewContext) -> None:  # fmt: skip
        self.pack = pack
        self.ask = asker
        self.state = state
        self.state.setdefault("done", [])
        self.state.setdefault("values", {})
        self.state.setdefault("answers", {})
        self.state.setdefault("partial", {})
        self.persist = persist
        self.ctx = ctx

    # --- bookkeeping ------------------------------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        return self.state["values"]

    def _done(self, step: str) -> bool:
        return step in self.state["done"]

    def _finish(self, step: str, *, value_key: str | None = None, value: Any = None, free: bool = False) -> None:
        if value_key is not None:
            target = self.state["answers"] if free else self.values
            if value is None or value == [] or value == "":
                target.pop(value_key, None)
            else:
                target[value_key] = value
        self.state["partial"].pop(step, None)
        if step not in self.state["done"]:
            self.state["done"].append(step)
        self.persist(self.state)

    def _partial(self, step: str) -> dict[str, Any]:
        return self.state["partial"].setdefault(step, {})

    def _save_partial(self) -> None:
        self.persist(self.state)

    def default(self, key: str) -> Any:
        """The current answer for a field: from this draft, else from the entry being edited."""
        if key in self.values:
            return self.values[key]
        return self.ctx.defaults.get(key)

    # --- the run ----------------------------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        """Ask everything not yet answered; return the entry as a reflect/1 dict (not yet validated)."""
        self._client()
        self._session_at()
        self._followup()
        stage = None
        for q in self.pack.questions:
            if self._done(q.id):
                continue
            if q.stage != stage:
                stage = q.stage
                self.ask.say(f"— {stage.replace('-', ' ').capitalize()} —")
            self._question(q)
        return self.entry_dict()

    def entry_dict(self) -> dict[str, Any]:
        raw = {k: v for k, v in self.ctx.defaults.items() if k not in ("answers",)}
        raw.update(self.values)
        answers = dict(self.ctx.defaults.get("answers") or {})
        answers.update(self.state["answers"])
        for q in self.pack.questions:  # a free question answered "skip" this time removes the old answer
            if q.field is None and self._done(q.id) and q.id not in self.state["answers"]:
                answers.pop(q.id, None)
        raw["answers"] = answers
        raw["pack"] = self.ctx.defaults.get("pack") or self.pack.name
        # Fields the pack asked and the user cleared must not fall back to the edited entry's old value.
        for q in self.pack.questions:
            if q.field and self._done(q.id) and q.field not in self.values:
                raw[q.field] = None
        return raw

    # --- the header: client, date, last experiment ------------------------------------------------------------------

    def _client(self) -> None:
        if self._done("client"):
            return
        if self.ctx.fixed_client:
            self._finish("client", value_key="client", value=self.ctx.fixed_client)
            return
        current = self.default("client")
        progress = self._partial("client")
        choice = progress.get("choice")
        if self.ctx.client_codes and "choice" not in progress:
            choices = [Choice("__new__", "+ A new client (I'll suggest a code)")]
            choices += [Choice(code, code) for code in self.ctx.client_codes]
            choice = self.ask.select("Which client?", choices, default=current or self.ctx.client_codes[0], search=True)
            progress["choice"] = choice  # kept, so Ctrl-C at the code question does not ask for the client again
            self._save_partial()
        if choice in (None, "__new__"):
            from reflect.domain.client_codes import typed_client_code_problem

            code = self.ask.text(
                "Code for the new client:", default=self.ctx.new_code(), validate=typed_client_code_problem,
                help="Use a code, never a name: keep a key to codes elsewhere, if at all.",
            ).strip().upper()  # fmt: skip
            choice = code
        self._finish("client", value_key="client", value=choice)

    def _session_at(self) -> None:
        if self._done("session_at"):
            return
        fixed = self.ctx.fixed_session_at
        if fixed and self._same_session_ok(datetime.fromisoformat(fixed)):
            self._finish("session_at", value_key="session_at", value=fixed)
            return
        from reflect.domain import dates

        default = fixed or self.default("session_at")
        shown = "now"
        if default:
            shown = datetime.fromisoformat(default).astimezone().strftime("%Y-%m-%d %H:%M")

        def check(value: str) -> str | None:
            try:
                dates.parse_when(value or "now", now=self.ctx.now)
            except ValueError as exc:
                return str(exc).capitalize()
            return None

        while True:
            text = self.ask.text(
                "When was the session?", default=shown, validate=check,
                help="e.g. now, today 15:00, yesterday 4pm, last tuesday 9am, 3 days ago, 2026-03-11 14:00",
            )  # fmt: skip
            notes: list[str] = []
            when = dates.parse_when(text or "now", now=self.ctx.now, notes=notes)
            for note in notes:  # a time the clocks skipped or showed twice: say which time is stored
                self.ask.say(f"Note: {note}")
            if self._same_session_ok(when):
                break
            shown = text
        self._finish("session_at", value_key="session_at", value=when.isoformat(timespec="seconds"))

    def _same_session_ok(self, when: datetime) -> bool:
        """True unless the client already has an entry at this time and the clinician says it is not a second one."""
        client = self.values["client"]
        other = self.ctx.entry_at(client, when)
        return other is None or self.ask.confirm(
            f"You already have entry {other} for {client} at {when.astimezone():%d %b %H:%M}. "
            "Write a second one for the same session?",
            default=False,
        )

    def _followup(self) -> None:
        if self._done("followup"):
            return
        previous = self.ctx.previous_experiment(
            self.values["client"], datetime.fromisoformat(self.values["session_at"])
        )
        existing = self.default("experiment_followup")
        if previous is None and not existing:
            self._finish("followup")
            return
        if previous is not None:
            text, when = previous
            self.ask.say(f"Last session ({when.astimezone():%d %b}) you planned to try: {text}")
        progress = self._partial("followup")
        if "tried" not in progress:
            choices = with_skip([Choice(s, label) for s, label in vocab.labels("tried").items()])
            progress["tried"] = self.ask.select(
                "Did you try it?", choices, default=skip_default((existing or {}).get("tried"))
            )
            self._save_partial()
        if progress["tried"] == SKIP:
            self._finish("followup", value_key="experiment_followup", value=None)
            return
        note = self.ask.text("How did it go? (optional)", default=(existing or {}).get("note") or "").strip()
        self._finish(
            "followup", value_key="experiment_followup", value={"tried": progress["tried"], "note": note or None}
        )

    # --- pack questions ---------------------------------------------------------------------------------------------

    def _question(self, q: Question) -> None:
        if q.field is None:
            self._free(q)
            return
        handler = getattr(self, f"_ask_{q.kind}")
        handler(q, q.field)

    def _choices(self, kind: str) -> list[Choice]:
        return [Choice(slug, label) for slug, label in vocab.labels(kind).items()]

    def _ask_text(self, q: Question, field: str) -> None:
        value = self.ask.text(q.ask, default=self.default(field) or "", help=q.help).strip()
        self._finish(q.id, value_key=field, value=value or None)

    def _ask_checkbox(self, q: Question, field: str) -> None:
        kind = {"events": "event", "body": "body", "pulls": "pull", "triggers": "trigger",
                "management": "management"}[field]  # fmt: skip
        default = self.default(field)
        help = q.help
        if default is None and field == "events" and self.values.get("client") not in self.ctx.client_codes:
            default = ["first-session"]  # a client the journal has never seen: most likely a first session
            why = "First session is ticked because this client has no entries yet; Space unticks it."
            help = f"{help} {why}" if help else why
        picked = self.ask.checkbox(q.ask, self._choices(kind), default=default or [], help=help,
                                   search=len(vocab.slugs(kind)) > 10)  # fmt: skip
        self._finish(q.id, value_key=field, value=picked)

    def _ask_select(self, q: Question, field: str) -> None:
        kind = {"modality": "modality", "stance": "stance"}[field]
        choices = with_skip(self._choices(kind), NOT_RATED)
        value = self.ask.select(q.ask, choices, default=skip_default(self.default(field)), help=q.help)
        self._finish(q.id, value_key=field, value=None if value == SKIP else value)

    def _ask_yesno(self, q: Question, field: str) -> None:
        value = self.ask.confirm(q.ask, default=bool(self.default(field)))
        self._finish(q.id, value_key=field, value=value or None)

    def _ask_tags(self, q: Question, field: str) -> None:
        current = " ".join(self.default("tags") or [])
        text = self.ask.text(q.ask, default=current, help=q.help or "Words separated by spaces, e.g. break ending")
        tags = [t.lstrip("#").lower() for t in text.replace(",", " ").split() if t.strip("#")]
        self._finish(q.id, value_key="tags", value=tags)

    def _ask_intensity(self, q: Question, field: str) -> None:
        choices = with_skip([Choice(int(k), label) for k, label in vocab.labels("intensity").items()], NOT_RATED)
        value = self.ask.select(q.ask, choices, default=skip_default(self.default("intensity")), help=q.help)
        self._finish(q.id, value_key="intensity", value=None if value == SKIP else value)

    def _ask_presentation(self, q: Question, field: str) -> None:
        progress = self._partial(q.id)
        current = self.default("presentation") or {}
        if "pattern" not in progress:
            choices = with_skip(self._choices("pattern"), NOT_RATED)
            progress["pattern"] = self.ask.select(
                q.ask, choices, default=skip_default(current.get("pattern")), help=q.help
            )
            self._save_partial()
        if progress["pattern"] == SKIP:
            self._finish(q.id, value_key="presentation", value=None)
            return
        if "confidence" not in progress:
            choices = with_skip([Choice(int(k), label) for k, label in vocab.labels("confidence").items()])
            progress["confidence"] = self.ask.select(
                "How sure are you?", choices, default=skip_default(current.get("confidence"))
            )
            self._save_partial()
        markers = self.ask.checkbox("Which markers did you see?", self._choices("marker"),
                                    default=current.get("markers") or [], search=True)  # fmt: skip
        confidence = None if progress["confidence"] == SKIP else progress["confidence"]
        value = {"pattern": progress["pattern"], "confidence": confidence, "markers": markers}
        self._finish(q.id, value_key="presentation", value=value)

    def _ask_feelings(self, q: Question, field: str) -> None:
        progress = self._partial(q.id)
        current: dict[str, int] = self.default("feelings") or {}
        if "picked" not in progress:
            # One flat list, each word labelled with its family: typing a family name ("disengaged") filters to its
            # words. (Group headings would be matched by the filter too, and cannot be ticked.)
            choices = [
                Choice(word, f"{word:<15} {vocab.label('feeling_family', family).lower()}", short=word)
                for family, words in vocab.feelings_by_family().items()
                for word in words
            ]
            progress["picked"] = self.ask.checkbox(q.ask, choices, default=list(current), help=q.help, search=True)
            progress["ratings"] = {}
            self._save_partial()
        # A feeling is saved with the rating given to it; one left unrated is left out rather than given a guess.
        rating_choices = with_skip(
            [Choice(int(k), f"{k}  {label}") for k, label in vocab.labels("rating").items()], "Skip (leave it out)"
        )
        for word in progress["picked"]:
            if word in progress["ratings"]:
                continue
            progress["ratings"][word] = self.ask.select(
                f"How strongly did you feel {word}?", rating_choices, default=skip_default(current.get(word))
            )
            self._save_partial()
        rated = {word: rating for word, rating in progress["ratings"].items() if rating != SKIP}
        self._finish(q.id, value_key="feelings", value=rated)

    def _ask_urges(self, q: Question, field: str) -> None:
        progress = self._partial(q.id)
        current = {u["urge"]: u["enacted"] for u in (self.default("urges") or [])}
        if "picked" not in progress:
            progress["picked"] = self.ask.checkbox(q.ask, self._choices("urge"), default=list(current), help=q.help,
                                                   search=True)  # fmt: skip
            self._save_partial()
        picked = progress["picked"]
        enacted: list[str] = []
        if picked:
            choices = [Choice(u, vocab.label("urge", u)) for u in picked]
            enacted = self.ask.checkbox("Which of these did you act on?", choices,
                                        default=[u for u in picked if current.get(u)])  # fmt: skip
        value = [{"urge": u, "enacted": u in enacted} for u in picked]
        self._finish(q.id, value_key="urges", value=value)

    def _ask_ruptures(self, q: Question, field: str) -> None:
        progress = self._partial(q.id)
        items: list[dict[str, Any]] = progress.setdefault("items", [])
        if "any" not in progress:
            had = bool(self.default("ruptures"))
            progress["any"] = self.ask.confirm(q.ask, default=had)
            self._save_partial()
        if not progress["any"]:
            self._finish(q.id, value_key="ruptures", value=[])
            return
        previous = list(self.default("ruptures") or [])
        while True:
            # "Another?" is asked between ruptures; a rupture under way is kept as "current", so Ctrl-C at either
            # resumes at the same question rather than skipping it or starting the rupture over.
            if items and "current" not in progress:
                if not self.ask.confirm("Another rupture in this session?", default=len(previous) > len(items)):
                    break
                progress["current"] = {}
                self._save_partial()
            current = progress.setdefault("current", {})
            old = previous[len(items)] if len(items) < len(previous) else {}
            self._one_rupture(current, old)
            items.append(progress.pop("current"))
            self._save_partial()
        self._finish(q.id, value_key="ruptures", value=items)

    def _one_rupture(self, r: dict[str, Any], old: dict[str, Any]) -> None:
        steps: list[tuple[str, Callable[[], Any]]] = [
            (
                "type",
                lambda: self.ask.select(
                    "What kind of rupture?", self._choices("rupture_type"), default=old.get("type")
                ),
            ),  # fmt: skip
            (
                "markers",
                lambda: self.ask.checkbox(
                    "What did you notice?",
                    [
                        Choice(m, label)
                        for m, label in vocab.labels("rupture_marker").items()
                        if vocab.label("rupture_marker_type", m) == r["type"]
                    ],
                    default=old.get("markers") or [],
                ),
            ),  # fmt: skip
            (
                "trigger",
                lambda: self.ask.select(
                    "What came just before it?",
                    with_skip(self._choices("rupture_trigger")),
                    default=skip_default(old.get("trigger")),
                ),
            ),  # fmt: skip
            (
                "intensity",
                lambda: self.ask.select(
                    "How strong was it?",
                    with_skip([Choice(i, f"{i} of 5") for i in range(1, 6)], NOT_RATED),
                    default=skip_default(old.get("intensity")),
                ),
            ),  # fmt: skip
            (
                "strategies",
                lambda: self.ask.checkbox(
                    "What did you do to repair it?", self._choices("strategy"), default=old.get("strategies") or []
                ),
            ),  # fmt: skip
            (
                "metacommunication",
                lambda: self.ask.select(
                    "Did you talk with the client about what was happening between you?",
                    with_skip([Choice(True, "Yes"), Choice(False, "No")]),
                    default=skip_default(old.get("metacommunication")),
                ),
            ),  # fmt: skip
            (
                "resolved",
                lambda: self.ask.select(
                    "Was it resolved in the session?",
                    with_skip(self._choices("resolved")),
                    default=skip_default(old.get("resolved")),
                ),
            ),  # fmt: skip
            ("note", lambda: self.ask.text("Anything else about it? (optional)", default=old.get("note") or "")),
        ]
        for key, ask in steps:
            if key in r:
                continue
            value = ask()
            r[key] = None if value in (SKIP, "") else (value.strip() or None) if isinstance(value, str) else value
            self._save_partial()

    def _ask_supervision(self, q: Question, field: str) -> None:
        progress = self._partial(q.id)
        items: list[dict[str, Any]] = progress.setdefault("items", [])
        previous = list(self.default("supervision") or [])
        eyes = with_skip([Choice(int(k), label) for k, label in vocab.labels("eye").items()])
        wants = with_skip(self._choices("want"))
        while True:
            current = progress.setdefault("current", {})
            old = previous[len(items)] if len(items) < len(previous) else {}
            if "question" not in current:
                message = q.ask if not items else "Another question for supervision?"
                text = self.ask.text(message, default=old.get("question") or "",
                                     help=q.help if not items else None).strip()  # fmt: skip
                if not text:
                    progress.pop("current", None)
                    break
                current["question"] = text
                self._save_partial()
            if "eye" not in current:
                eye = self.ask.select("Which part of the work is it about? (seven-eyed model)", eyes,
                                      default=skip_default(old.get("eye")))  # fmt: skip
                current["eye"] = None if eye == SKIP else eye
                self._save_partial()
            if "want" not in current:
                want = self.ask.select("What kind of help do you want?", wants, default=skip_default(old.get("want")))
                current["want"] = None if want == SKIP else want
            for key in ("id", "status", "status_at"):  # editing keeps the question's identity and status
                if key in old:
                    current[key] = old[key]
            items.append(progress.pop("current"))
            self._save_partial()
        self._finish(q.id, value_key="supervision", value=items)

    def _free(self, q: Question) -> None:
        current = (self.ctx.defaults.get("answers") or {}).get(q.id)
        if q.id in self.state["answers"]:
            current = self.state["answers"][q.id]
        if q.kind == "text":
            value: Any = self.ask.text(q.ask, default=current or "", help=q.help).strip() or None
        elif q.kind == "choice":
            choices = with_skip([Choice(o, o) for o in q.options])
            value = self.ask.select(q.ask, choices, default=skip_default(current), help=q.help)
            value = None if value == SKIP else value
        elif q.kind == "multi":
            value = self.ask.checkbox(q.ask, [Choice(o, o) for o in q.options], default=current or [], help=q.help)
        elif q.kind == "yesno":  # a select, not a y/N confirm: Enter on an untouched question must record nothing
            choices = with_skip([Choice(True, "Yes"), Choice(False, "No")])
            value = self.ask.select(q.ask, choices, default=skip_default(current), help=q.help)
            value = None if value == SKIP else value
        else:  # scale
            choices = with_skip([Choice(i, str(i)) for i in range(q.min, q.max + 1)], NOT_RATED)
            value = self.ask.select(q.ask, choices, default=skip_default(current), help=q.help)
            value = None if value == SKIP else value
        self._finish(q.id, value_key=q.id, value=value, free=True)
