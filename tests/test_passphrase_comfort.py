"""Passphrase comfort: choosing one explains the keyring and REFLECT_PASSPHRASE_FD, the keyring is offered where this
computer has one, and the unlock prompt names both once."""

from __future__ import annotations

import sys
import types

from privacy_helpers import PASS, write_entry
from reflect.privacy import keys
from reflect.render.passphrase import choices_text


def fake_keyring(monkeypatch, priority: float) -> dict:
    stored: dict = {}
    errors = types.ModuleType("keyring.errors")
    errors.KeyringError = type("KeyringError", (Exception,), {})  # type: ignore[attr-defined]
    fake = types.ModuleType("keyring")
    fake.get_keyring = lambda: types.SimpleNamespace(priority=priority)  # type: ignore[attr-defined]
    fake.get_password = lambda service, user: stored.get((service, user))  # type: ignore[attr-defined]
    fake.set_password = lambda service, user, value: stored.__setitem__((service, user), value)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.setitem(sys.modules, "keyring.errors", errors)
    return stored


def at_a_terminal(monkeypatch, answers: list[str]) -> None:
    monkeypatch.setattr(keys, "can_prompt", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda message="": answers.pop(0))


def test_the_choices_name_the_keyring_and_the_file_descriptor():
    for usable in (True, False):
        text = choices_text(keyring_usable=usable, keyring_on=False)
        assert "keyring" in text and "REFLECT_PASSPHRASE_FD=3 reflect list 3< <(pass show reflect)" in text
    assert "install reflect-journal[keyring]" in choices_text(keyring_usable=False, keyring_on=False)


def test_encrypt_explains_then_offers_a_usable_keyring(cli, tmp_path, journal_home, monkeypatch):
    write_entry(cli, tmp_path, "An entry.")
    (journal_home / "config.toml").write_text('date_order = "DMY"\n')
    stored = fake_keyring(monkeypatch, priority=1)
    at_a_terminal(monkeypatch, [PASS, PASS])
    monkeypatch.setattr("reflect.interview.asker.confirm", lambda question, default=False: True)
    result = cli("encrypt")
    assert result.exit_code == 0, result.stderr
    assert "REFLECT_PASSPHRASE_FD=3" in result.stderr and "keyring can keep it" in result.stderr
    assert "The passphrase is saved in your system keyring." in result.stderr
    settings = (journal_home / "config.toml").read_text()
    assert settings.startswith('date_order = "DMY"\n') and "keyring = true" in settings  # other lines kept
    assert list(stored.values()) == [PASS]
    keys.forget()
    assert cli("list").exit_code == 0  # unlocked from the keyring: no prompt, no environment


def test_no_usable_keyring_means_no_offer_and_says_how_to_get_one(cli, journal_home, monkeypatch):
    fake_keyring(monkeypatch, priority=0)  # the headless backend
    at_a_terminal(monkeypatch, [PASS, PASS])
    asked = []
    monkeypatch.setattr("reflect.interview.asker.confirm", lambda question, default=False: asked.append(question))
    result = cli("init", "--encrypt")
    assert result.exit_code == 0, result.stderr
    assert asked == [] and "install reflect-journal[keyring]" in result.stderr
    assert not (journal_home / "config.toml").exists()


def test_a_passphrase_from_a_script_is_neither_explained_nor_offered(cli, journal_home, monkeypatch):
    fake_keyring(monkeypatch, priority=1)
    result = cli("init", "--encrypt", env={"REFLECT_PASSPHRASE": PASS})
    assert result.exit_code == 0 and "REFLECT_PASSPHRASE_FD=3" not in result.stderr


def test_the_unlock_prompt_names_the_ways_around_it_once(monkeypatch, capsys, tmp_path):
    at_a_terminal(monkeypatch, ["one passphrase", "another passphrase"])
    monkeypatch.setattr(keys, "_hinted", [])
    keys.prompt()
    keys.prompt()
    err = capsys.readouterr().err
    assert err.count(keys.PROMPT_HINT) == 1 and "REFLECT_PASSPHRASE_FD" in keys.PROMPT_HINT
