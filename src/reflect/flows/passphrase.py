"""Choosing a new passphrase on a terminal (init --encrypt, encrypt, the first run): first the ways never to type it
again, then the passphrase, then the offer of the OS keyring where one is usable."""

from __future__ import annotations

import os

from reflect.config import Paths

KEYRING_QUESTION = "Keep the passphrase in this computer's keyring, so that reflect does not ask for it each time?"


def choose_passphrase(p: Paths) -> str:
    from reflect.privacy import keys
    from reflect.render.console import message
    from reflect.render.passphrase import choices_text

    given = os.environ.get(keys.ENV) or os.environ.get(keys.ENV_FD)  # a script gives it: nothing to explain or offer
    usable = False
    if not given and keys.can_prompt():
        usable = keys.keyring_usable()
        message(choices_text(keyring_usable=usable, keyring_on=keys.keyring_enabled()))
    passphrase = keys.new_passphrase()
    if usable and not keys.keyring_enabled():
        from reflect.interview.asker import confirm

        if confirm(KEYRING_QUESTION, default=False):
            keys.enable_keyring_setting(p.settings)
    return passphrase
