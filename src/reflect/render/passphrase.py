"""The words around choosing a passphrase: what it protects, and the two ways never to type it again."""

from __future__ import annotations

FD_EXAMPLE = "REFLECT_PASSPHRASE_FD=3 reflect list 3< <(pass show reflect)"


def choices_text(*, keyring_usable: bool, keyring_on: bool) -> str:
    if keyring_on:
        keyring = "  · it is kept in this computer's keyring (keyring = true in config.toml), so you will not be asked;"
    elif keyring_usable:
        keyring = "  · this computer's keyring can keep it: you are asked after choosing it;"
    else:
        keyring = ("  · an OS keyring: install reflect-journal[keyring] on a desktop session, then set "
                   "keyring = true in config.toml;")  # fmt: skip
    return "\n".join([
        "You choose a passphrase now; reflect asks for it when a command opens the journal. Not to type it each time:",
        keyring,
        f"  · or a password manager hands it over on a file descriptor: {FD_EXAMPLE}",
        "There is no recovery if it is lost: keep it somewhere safe.",
    ])  # fmt: skip
