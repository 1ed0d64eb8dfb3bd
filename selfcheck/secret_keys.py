"""The secret key signs every person's answers (the cookie and the frame's hidden field), so
a key someone can guess lets them forge what a patient is shown. Production refuses to start
with one; and an old key can stay readable for a while after a new one takes over.

"Guessable" is judged by zxcvbn, the password-strength estimator: it finds repeats,
sequences, keyboard runs, dates and dictionary words, and estimates the guesses needed.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from zxcvbn import zxcvbn

SHORTEST = 32  # characters
FEWEST_GUESSES = 24  # log10 of the guesses zxcvbn estimates: ~80 bits, out of reach offline
JUDGED = 100  # characters zxcvbn looks at (it slows down on very long strings)
MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_hex(32))'"
KINDS = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
}


def problem(name: str, key: Any, production: bool) -> str | None:
    """Why a key (as read from SELFCHECK_* settings, JSON-parsed when it parses) cannot be
    used, or None. Outside production only its type is checked."""
    if not isinstance(key, str):
        kind = KINDS.get(type(key), "something other than text")
        return (
            f"{name} is read as {kind}, not as text (settings are read as JSON when they "
            f"parse). Use a random key of at least {SHORTEST} characters: make one with "
            f"`{MAKE_ONE}`."
        )
    if not production:
        return None
    why = None
    if len(key) < SHORTEST:
        why = f"it has {len(key)} characters"
    else:
        estimate = zxcvbn(key[:JUDGED], max_length=JUDGED)
        if estimate["guesses_log10"] < FEWEST_GUESSES:
            warning = estimate["feedback"].get("warning")
            why = "it has a pattern that is easy to guess" + (
                f" ({warning.rstrip('.')})" if warning else ""
            )
    if why is None:
        return None
    return (
        f"{name} is too easy to guess: {why}. It signs the answers people see, so anyone who "
        f"guesses it can change them. Use at least {SHORTEST} random characters: make a key "
        f"with `{MAKE_ONE}`."
    )


def check(app: Flask) -> str | None:
    """Check the key and its fallbacks; a single fallback may be given as a string."""
    production = app.config["ENV"] == "production"
    found = problem("SELFCHECK_SECRET_KEY", app.config["SECRET_KEY"], production)
    if found:
        return found
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    if isinstance(fallbacks, str):
        fallbacks = [fallbacks]
    if not isinstance(fallbacks, list):
        return (
            "SELFCHECK_SECRET_KEY_FALLBACKS must be a JSON list of old keys, like "
            "'[\"<the old key>\"]'."
        )
    for number, old in enumerate(fallbacks):
        found = problem(f"SELFCHECK_SECRET_KEY_FALLBACKS[{number}]", old, production)
        if found:
            return found
    app.config["SECRET_KEY_FALLBACKS"] = fallbacks
    return None


def signing_keys(app: Flask) -> list[str]:
    """Every key a signature may be checked with, the one that signs last (as itsdangerous
    and Flask's session expect)."""
    return [*(app.config.get("SECRET_KEY_FALLBACKS") or []), app.secret_key]
