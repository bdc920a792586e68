"""The Obsidian vault export: notes that parse as Markdown with valid YAML front matter, wiki-links that all resolve,
a second export that changes only what changed, and the user's own notes never touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from privacy_helpers import write_entry

LINK = re.compile(r"\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]")


def notes(vault: Path) -> dict[str, str]:
    return {str(p.relative_to(vault)): p.read_text(encoding="utf-8") for p in sorted(vault.rglob("*.md"))}


def front_matter(text: str) -> dict:
    assert text.startswith("---\n"), text[:40]
    matter, _, _ = text[4:].partition("\n---\n")
    data = yaml.safe_load(matter)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def vault(cli, demo_journal, tmp_path) -> Path:
    folder = tmp_path / "vault"
    result = cli("export", "--format", "obsidian", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # messages on stderr; nothing on stdout
    return folder


def test_every_note_parses_has_valid_front_matter_and_every_link_resolves(vault, demo_entries):
    found = notes(vault)
    entries = [name for name in found if name.startswith("Entries/")]
    assert len(entries) == len(demo_entries)
    assert {"reflect index.md", "Supervision prep.md"} <= set(found)
    assert {name for name in found if name.startswith("Clients/")} == {f"Clients/{c}.md" for c in
                                                                       {e.client for e in demo_entries}}  # fmt: skip
    md = MarkdownIt("commonmark")
    for name, text in found.items():
        data = front_matter(text)
        assert data["generator"] == "reflect", name
        assert md.parse(text), name
        for target in LINK.findall(text):
            assert (vault / f"{target}.md").is_file(), (name, target)
    one = front_matter(found[entries[0]])
    assert {"client", "date", "session", "tags", "pulls", "feelings", "redaction"} <= set(one)
    assert all(" " not in tag for tag in one["tags"])  # Obsidian tags hold no spaces
    assert {f"pull/{p}" for p in one["pulls"]} <= set(one["tags"])
    assert {f"feeling/{f}" for f in one["feelings"]} <= set(one["tags"])
    # each client's note links every entry of that client, and the index links every client and the prep
    index = found["reflect index.md"]
    assert all(f"[[Clients/{name[8:-3]}|" in index for name in found if name.startswith("Clients/"))
    assert "[[Supervision prep]]" in index


def test_the_vault_is_redacted_like_every_export(cli, journal, tmp_path):
    write_entry(cli, tmp_path, "She said Margaret Thornbury phoned her at 07700 900123.")
    folder = tmp_path / "vault"
    assert cli("export", "--format", "obsidian", "-o", str(folder)).exit_code == 0
    everything = "\n".join(notes(folder).values())
    assert "Thornbury" not in everything and "07700 900123" not in everything
    assert 'redaction: "standard"' in everything


def test_a_second_export_changes_only_what_changed_and_leaves_user_notes_alone(cli, vault, demo_journal, tmp_path):
    mine = vault / "My thoughts.md"
    mine.write_text("# Mine\n\nLinks to [[reflect index]].\n")
    in_clients = vault / "Clients" / "Notes on the C-7F3K referral.md"
    in_clients.write_text("Not reflect's.\n")
    before = {name: (vault / name).stat().st_mtime_ns for name in notes(vault)}
    texts = notes(vault)

    again = cli("export", "--format", "obsidian", "-o", str(vault))
    assert again.exit_code == 0 and " 0 notes written, " in again.stderr, again.stderr
    assert {name: (vault / name).stat().st_mtime_ns for name in notes(vault)} == before
    assert notes(vault) == texts

    # one entry deleted: its note goes, its client's note and the index change, nothing else does
    latest = max(demo_journal.iter_entries(), key=lambda e: e.session_at)
    assert cli("delete", latest.id, "--yes").exit_code == 0
    third = cli("export", "--format", "obsidian", "-o", str(vault))
    assert third.exit_code == 0, third.stderr
    after = notes(vault)
    gone = set(texts) - set(after)
    assert len(gone) == 1 and latest.id[:8] in gone.pop()
    changed = {name for name in after if after[name] != texts.get(name)}
    assert changed <= {f"Clients/{latest.client}.md", "reflect index.md", "Supervision prep.md"}
    assert f"Clients/{latest.client}.md" in changed
    assert mine.read_text() == "# Mine\n\nLinks to [[reflect index]].\n"
    assert in_clients.read_text() == "Not reflect's.\n"


def test_a_user_note_where_reflect_would_write_is_left_alone_and_named(cli, demo_journal, tmp_path):
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "reflect index.md").write_text("My own index, not reflect's.\n")
    result = cli("export", "--format", "obsidian", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert (folder / "reflect index.md").read_text() == "My own index, not reflect's.\n"
    assert "Left alone, as they are not reflect's: reflect index.md." in result.stderr


def test_the_vault_needs_a_folder(cli, demo_journal, tmp_path):
    result = cli("export", "--format", "obsidian")
    assert result.exit_code == 2 and result.stderr.startswith("Error: --format obsidian writes notes into a vault")
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = cli("export", "--format", "obsidian", "-o", str(afile))
    assert result.exit_code != 0 and result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
