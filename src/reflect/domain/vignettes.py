"""Practice vignettes: short fictional session moments with one experienced reading, as TOML data.

Shipped in prompts/vignettes/; a clinician's or trainer's own in the journal folder's prompts/vignettes/ (an own
vignette with a shipped one's id replaces it). Files are validated on load like packs: every error names the file,
the line of the `[[vignette]]` header, the vignette and the field. Domain layer: no SQL, no prompts, no wording of
results.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from reflect.domain import vocab
from reflect.domain.packs import NAME, PackError, parse_toml, read_text_file, shipped_dir

FOLDER = "vignettes"
PATTERNS = ("secure", "anxious", "avoidant", "disorganized")  # what a vignette can be written to teach
MIXED = "mixed"
MIN_WORDS, MAX_WORDS = 120, 250
MAX_SHORT = 300  # characters in a title, a setting or an evidence quote
MAX_REASON = 600  # characters in a "why"
VIGNETTE_KEYS = ("id", "title", "pattern", "setting", "text", "reading", "response")
READING_KEYS = ("presentation", "leans", "why_mixed", "markers", "pulls", "feelings", "urges", "question")
MARKER_KEYS = ("marker", "evidence")
RESPONSE_KEYS = ("text", "stance", "why", "preferred")
# A response is offered on purpose, so it takes a side: the journal's stances without "unsure".
RESPONSE_STANCES = tuple(s for s in vocab.STANCES if s != "unsure")


@dataclass(frozen=True)
class MarkerNote:
    marker: str  # a slug of the `marker` vocabulary
    evidence: str  # words quoted from the vignette's text


@dataclass(frozen=True)
class Response:
    text: str
    stance: str  # complementary or non-complementary
    why: str
    preferred: bool = False  # the response this reading leans toward


@dataclass(frozen=True)
class Reading:
    presentation: str  # one of PATTERNS, or "mixed"
    markers: tuple[MarkerNote, ...]
    pulls: tuple[str, ...]
    question: str
    leans: tuple[str, ...] = ()  # for a mixed reading: the presentations it sits between
    why_mixed: str | None = None
    feelings: tuple[str, ...] = ()
    urges: tuple[str, ...] = ()

    @property
    def marker_slugs(self) -> tuple[str, ...]:
        return tuple(m.marker for m in self.markers)


@dataclass(frozen=True)
class Vignette:
    id: str
    title: str
    pattern: str  # the presentation it was written to help recognise (mixed ones too): --pattern and progress
    text: str
    reading: Reading
    responses: tuple[Response, ...]  # in the file's order
    setting: str | None = None
    source: str = "shipped"  # or "user"
    path: Path | None = None

    def shown_responses(self) -> tuple[Response, ...]:
        """The responses in the order they are offered: shuffled, but the same every time for this vignette, so the
        complementary one is not always first and a number in an answers file always means the same response."""
        return tuple(sorted(self.responses, key=lambda r: hashlib.sha256(f"{self.id}\n{r.text}".encode()).digest()))


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def _squash(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def parse_vignettes(text: str, path: Path, *, source: str = "user") -> list[Vignette]:
    """Validate a vignette file ([[vignette]] tables); errors name the file, line, vignette and field."""
    data = parse_toml(text, path)
    headers = [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[[vignette]]")]

    def fail(problem: str, index: int | None = None, vid: str | None = None, key: str | None = None) -> PackError:
        where = str(path)
        if index is not None:
            if index < len(headers):
                where += f", line {headers[index]}"
            where += f", vignette {index + 1}" + (f" ({vid!r})" if vid else "")
        if key is not None:
            where += f", field {key!r}"
        return PackError(f"{where}: {problem}")

    for key in data:
        if key != "vignette":
            raise fail(f"unknown key {key!r}; a vignette file holds [[vignette]] tables only.")
    raw_list = data.get("vignette")
    if not isinstance(raw_list, list) or not raw_list:
        raise fail("a vignette file needs at least one [[vignette]].")
    result: list[Vignette] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_list):
        vid = raw.get("id") if isinstance(raw, dict) else None
        shown = vid if isinstance(vid, str) else None

        def bad(problem: str, key: str | None = None, _i: int = index, _v: str | None = shown) -> PackError:
            return fail(problem, _i, _v, key)

        result.append(_parse_one(raw, bad, seen, path, source))
    return result


def _short_text(value: object, limit: int) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= limit


def _slugs(value: object, kind: str, key: str, bad, *, required: bool) -> tuple[str, ...]:
    allowed = vocab.slugs(kind)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value) or not all(isinstance(v, str) for v in value):
        raise bad(f"must be a list of {kind} slugs" + (" (at least one)." if required else "."), key)
    for v in value:
        if v not in allowed:
            raise bad(f"{v[:40]!r} is not in the {kind} vocabulary (`reflect prompts vocabulary {kind}`).", key)
    if len(set(value)) != len(value):
        raise bad("lists a slug twice.", key)
    return tuple(value)


def _parse_one(raw: object, bad, seen: set[str], path: Path, source: str) -> Vignette:
    if not isinstance(raw, dict):
        raise bad("must be a table of keys.")
    for key in raw:
        if key not in VIGNETTE_KEYS:
            raise bad(f"unknown key; a vignette has: {', '.join(VIGNETTE_KEYS)}.", key)
    vid = raw.get("id")
    if not isinstance(vid, str) or not NAME.match(vid):
        raise bad("is required: lower-case letters, digits, - or _.", "id")
    if vid in seen:
        raise bad("is used by an earlier vignette in this file.", "id")
    seen.add(vid)
    title = raw.get("title")
    if not _short_text(title, MAX_SHORT):
        raise bad(f"is required: a short text (up to {MAX_SHORT} characters).", "title")
    pattern = raw.get("pattern")
    if pattern not in PATTERNS:
        raise bad(f"must be one of: {', '.join(PATTERNS)} (the presentation it helps recognise).", "pattern")
    setting = raw.get("setting")
    if setting is not None and not _short_text(setting, MAX_SHORT):
        raise bad(f"must be a short text (up to {MAX_SHORT} characters).", "setting")
    body = raw.get("text")
    if not isinstance(body, str) or not body.strip():
        raise bad("is required: the session moment, what the client said and did.", "text")
    words = word_count(body)
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise bad(f"has {words} words; a vignette has {MIN_WORDS} to {MAX_WORDS}.", "text")
    reading = _parse_reading(raw.get("reading"), body, pattern, bad)
    responses = _parse_responses(raw.get("response"), bad)
    return Vignette(id=vid, title=title.strip(), pattern=pattern, text=body.strip(), reading=reading,
                    responses=responses, setting=setting.strip() if isinstance(setting, str) else None, source=source,
                    path=path)  # fmt: skip


def _parse_reading(raw: object, body: str, pattern: str, bad) -> Reading:
    if not isinstance(raw, dict):
        raise bad("is required: a [vignette.reading] table.", "reading")
    for key in raw:
        if key not in READING_KEYS:
            raise bad(f"unknown key in the reading; it has: {', '.join(READING_KEYS)}.", f"reading.{key}")
    presentation = raw.get("presentation")
    if presentation not in (*PATTERNS, MIXED):
        raise bad(f"must be one of: {', '.join((*PATTERNS, MIXED))}.", "reading.presentation")
    leans: tuple[str, ...] = ()
    why_mixed = raw.get("why_mixed")
    if presentation == MIXED:
        value = raw.get("leans")
        if not isinstance(value, list) or len(value) < 2 or any(v not in PATTERNS for v in value):
            raise bad(f"a mixed reading names the 2 or more presentations it sits between ({', '.join(PATTERNS)}).",
                      "reading.leans")  # fmt: skip
        if len(set(value)) != len(value):
            raise bad("lists a presentation twice.", "reading.leans")
        if pattern not in value:
            raise bad(f"must include the vignette's pattern ({pattern!r}).", "reading.leans")
        if not _short_text(why_mixed, MAX_REASON):
            raise bad(f"a mixed reading says why (1 to {MAX_REASON} characters).", "reading.why_mixed")
        leans = tuple(value)
    else:
        if "leans" in raw or why_mixed is not None:
            raise bad("'leans' and 'why_mixed' are for a mixed reading only.", "reading.presentation")
        if presentation != pattern:
            raise bad(f"is {presentation!r} but the vignette's pattern is {pattern!r}; use \"mixed\" with leans.",
                      "reading.presentation")  # fmt: skip
    notes = raw.get("markers")
    if not isinstance(notes, list) or not notes:
        raise bad('must list the markers in the text: [{marker = "slug", evidence = "words from the text"}, ...].',
                  "reading.markers")  # fmt: skip
    markers: list[MarkerNote] = []
    allowed = vocab.slugs("marker")
    text = _squash(body)
    for i, note in enumerate(notes, 1):
        if not isinstance(note, dict) or set(note) - set(MARKER_KEYS):
            raise bad(f"item {i} must be a table with: {', '.join(MARKER_KEYS)}.", "reading.markers")
        slug, evidence = note.get("marker"), note.get("evidence")
        if slug not in allowed:
            raise bad(f"item {i}: {str(slug)[:40]!r} is not in the marker vocabulary.", "reading.markers")
        if slug in [m.marker for m in markers]:
            raise bad(f"item {i} repeats the marker {slug!r}.", "reading.markers")
        if not _short_text(evidence, MAX_SHORT):
            raise bad(f"item {i} needs 'evidence': words quoted from the text.", "reading.markers")
        if _squash(evidence) not in text:
            raise bad(f"item {i}: the evidence for {slug!r} is not quoted from the vignette's text.",
                      "reading.markers")  # fmt: skip
        markers.append(MarkerNote(slug, " ".join(evidence.split())))
    question = raw.get("question")
    if not _short_text(question, MAX_SHORT) or not question.strip().endswith("?"):
        raise bad("is required: one question to take to supervision, ending with '?'.", "reading.question")
    return Reading(
        presentation=presentation, markers=tuple(markers), question=" ".join(question.split()), leans=leans,
        why_mixed=" ".join(why_mixed.split()) if why_mixed else None,
        pulls=_slugs(raw.get("pulls"), "pull", "reading.pulls", bad, required=True),
        feelings=_slugs(raw.get("feelings"), "feeling", "reading.feelings", bad, required=False),
        urges=_slugs(raw.get("urges"), "urge", "reading.urges", bad, required=False),
    )  # fmt: skip


def _parse_responses(raw: object, bad) -> tuple[Response, ...]:
    if not isinstance(raw, list) or not 3 <= len(raw) <= 4:
        raise bad("a vignette offers 3 or 4 responses ([[vignette.response]]).", "response")
    responses: list[Response] = []
    for i, item in enumerate(raw, 1):
        key = f"response {i}"
        if not isinstance(item, dict):
            raise bad("must be a table of keys.", key)
        for k in item:
            if k not in RESPONSE_KEYS:
                raise bad(f"unknown key {k!r}; a response has: {', '.join(RESPONSE_KEYS)}.", key)
        text, stance, why, preferred = item.get("text"), item.get("stance"), item.get("why"), item.get("preferred")
        if not _short_text(text, MAX_REASON):
            raise bad(f"needs 'text': what you would say or do (1 to {MAX_REASON} characters).", key)
        if stance not in RESPONSE_STANCES:
            raise bad(f"'stance' must be one of: {', '.join(RESPONSE_STANCES)}.", key)
        if not _short_text(why, MAX_REASON):
            raise bad(f"needs 'why': the stance reasoning (1 to {MAX_REASON} characters).", key)
        if preferred is not None and not isinstance(preferred, bool):
            raise bad("'preferred' must be true or false.", key)
        if any(_squash(r.text) == _squash(text) for r in responses):
            raise bad("repeats an earlier response.", key)
        responses.append(Response(" ".join(text.split()), stance, " ".join(why.split()), bool(preferred)))
    stances = {r.stance for r in responses}
    if stances != set(RESPONSE_STANCES):
        raise bad("needs at least one complementary and one non-complementary response.", "response")
    if sum(r.preferred for r in responses) != 1:
        raise bad("mark exactly one response 'preferred = true' (the one this reading leans toward).", "response")
    return tuple(responses)


def load_file(path: Path, *, source: str = "user") -> list[Vignette]:
    return parse_vignettes(read_text_file(path), path, source=source)


def is_vignette_file(path: Path) -> bool:
    """A prompts file holding vignettes: it sits in a vignettes/ folder, or declares [[vignette]] tables."""
    if path.parent.name == FOLDER:
        return True
    try:
        return any(line.strip().startswith("[[vignette]]") for line in path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return False


def _folder_vignettes(folder: Path, source: str) -> dict[str, Vignette]:
    found: dict[str, Vignette] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.toml")):
        for v in load_file(path, source=source):
            if v.id in found:
                raise PackError(f"{path}: the vignette id {v.id!r} is also used in {found[v.id].path}.")
            found[v.id] = v
    return found


def available(user_prompts: Path | None) -> dict[str, Vignette]:
    """Every vignette by id, shipped first; the user's own (from their prompts/vignettes/) replace same-id ones."""
    result = _folder_vignettes(shipped_dir() / FOLDER, "shipped")
    if user_prompts is not None:
        result.update(_folder_vignettes(user_prompts / FOLDER, "user"))
    return result
