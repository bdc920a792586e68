"""Hypothesis strategies for valid entries and for hostile text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from reflect.domain import vocab

nasty_chars = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),
    st.characters(min_codepoint=0, max_codepoint=0x9F),
    st.sampled_from(["\u202e", "\u2066", "\ufeff", "\u200b", "\r", "\n", "\U0001f600", "\u0301", "\x1b", "["]),
)
nasty_text = st.one_of(
    st.text(alphabet=nasty_chars, max_size=120),
    st.lists(st.sampled_from(["\x1b[31m", "[bold red]", "\x1b]0;title\x07", "caf\udce9", "\x00"]), max_size=4).map(
        "".join
    ),
)
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\u2028\u2029"), max_size=80
).filter(lambda s: s.strip() == s and s != "")


def slugs(kind: str):
    return st.lists(st.sampled_from(vocab.slugs(kind)), unique=True, max_size=4)


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)).map(
    lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
)


@st.composite
def entry_dicts(draw):
    """A valid reflect/1 entry object (any combination of fields)."""
    created = draw(instants)
    maybe = lambda s: draw(st.one_of(st.none(), s))  # noqa: E731
    return {
        "id": str(draw(st.uuids())),
        "client": draw(st.sampled_from(["C-7F3K", "C-2QX9", "AB-12", "C-9JD2"])),
        "session_at": draw(instants).replace(microsecond=0).isoformat(),
        "session_number": maybe(st.integers(1, 500)),
        "modality": draw(st.sampled_from(vocab.slugs("modality"))),
        "pack": maybe(st.sampled_from(["standard", "quick", "deep", "rupture"])),
        "events": draw(slugs("event")),
        "presentation": maybe(
            st.fixed_dictionaries(
                {
                    "pattern": st.sampled_from(vocab.slugs("pattern")),
                    "confidence": st.one_of(st.none(), st.integers(1, 3)),
                    "markers": slugs("marker"),
                }
            )
        ),
        "observed": maybe(plain_text),
        "interpretation": maybe(plain_text),
        "feelings": draw(st.dictionaries(st.sampled_from(vocab.slugs("feeling")), st.integers(1, 4), max_size=5)),
        "body": draw(slugs("body")),
        "urges": [
            {"urge": u, "enacted": draw(st.booleans())}
            for u in draw(st.lists(st.sampled_from(vocab.slugs("urge")), unique=True, max_size=4))
        ],
        "pulls": draw(slugs("pull")),
        "intensity": maybe(st.integers(0, 10)),
        "triggers": draw(slugs("trigger")),
        "resonance": maybe(plain_text),
        "stance": maybe(st.sampled_from(vocab.slugs("stance"))),
        "management": draw(slugs("management")),
        "ruptures": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(vocab.slugs("rupture_type")),
                        "markers": slugs("rupture_marker"),
                        "trigger": st.one_of(st.none(), st.sampled_from(vocab.slugs("rupture_trigger"))),
                        "intensity": st.one_of(st.none(), st.integers(1, 5)),
                        "strategies": slugs("strategy"),
                        "metacommunication": st.booleans(),
                        "resolved": st.one_of(st.none(), st.sampled_from(vocab.slugs("resolved"))),
                        "note": st.one_of(st.none(), plain_text),
                    }
                ),
                max_size=2,
            )
        ),
        "experiment": maybe(plain_text),
        "experiment_followup": maybe(
            st.fixed_dictionaries(
                {"tried": st.sampled_from(vocab.slugs("tried")), "note": st.one_of(st.none(), plain_text)}
            )
        ),
        "supervision": [
            {
                "id": str(draw(st.uuids())),
                "question": q,
                "eye": draw(st.one_of(st.none(), st.integers(1, 7))),
                "want": draw(st.one_of(st.none(), st.sampled_from(vocab.slugs("want")))),
                "status": draw(st.sampled_from(vocab.slugs("status"))),
                "status_at": None,
            }
            for q in draw(st.lists(plain_text, max_size=2))
        ],  # fmt: skip
        "tags": draw(st.lists(st.from_regex(r"\A[a-z][a-z0-9-]{0,10}\Z"), unique=True, max_size=3)),
        "flagged": draw(st.booleans()),
        "answers": draw(
            st.dictionaries(
                st.from_regex(r"\A[a-z][a-z0-9-]{0,10}\Z"),
                st.one_of(plain_text, st.integers(-5, 5), st.booleans(), st.lists(plain_text, min_size=1, max_size=2)),
                max_size=2,
            )
        ),
        "created_at": created.isoformat(),
        "updated_at": (created + timedelta(seconds=draw(st.integers(0, 10**6)))).isoformat(),
    }
