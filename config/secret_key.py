"""When a secret key may sign things: the rule the settings and the deployment check share.

The key signs sessions, password-reset and e-mail confirmation links, unsubscribe tokens and
cancel links. With a key everyone can read (the development key below is in the repository) anyone
can forge them, so without DEBUG the platform refuses to start with it, without a key, or with a
weak one. Weak is Django's own rule (`django.core.checks.security.base`, security.W009): fewer
than 50 characters, fewer than 5 different ones, or Django's "django-insecure-" placeholder.
Plain module without Django imports: config/settings.py reads it before Django is set up.
"""

from __future__ import annotations

# Only ever used with DEBUG=true (`make run`, a laptop); public, so never good enough to sign anything real.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me-in-production-0123456789"  # noqa: S105

# Django's rule for a weak key (django/core/checks/security/base.py); tests/core/test_secret_key.py
# keeps these equal to Django's.
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
INSECURE_PREFIX = "django-insecure-"

HOW_TO_GENERATE = (
    "Generate one with\n"
    "    python3 -c 'import secrets; print(secrets.token_urlsafe(50))'\n"
    "and set it as SECRET_KEY in the environment or in the .env file beside manage.py, kept secret "
    "(see docs/deployment.md). For development on a laptop set DEBUG=true instead (`make run` does)."
)


def secret_key_problem(key: str) -> str | None:
    """Why `key` must not sign anything in production, in one sentence; None if it may."""
    if not key:
        return "SECRET_KEY is not set, and DEBUG is off (production)."
    if key == DEVELOPMENT_SECRET_KEY:
        return "SECRET_KEY is the public development key from the source code, and DEBUG is off (production)."
    if len(key) < MIN_LENGTH or len(set(key)) < MIN_UNIQUE_CHARACTERS or key.startswith(INSECURE_PREFIX):
        return (
            f"SECRET_KEY is too weak for production: it needs at least {MIN_LENGTH} characters, "
            f"at least {MIN_UNIQUE_CHARACTERS} different ones, and must not start with {INSECURE_PREFIX!r}."
        )
    return None


def refusal_message(key: str) -> str | None:
    """The whole message the settings refuse to start with, or None."""
    problem = secret_key_problem(key)
    return (
        f"{problem} Anyone who knows the key can forge login and confirmation links. {HOW_TO_GENERATE}"
        if problem
        else None
    )
