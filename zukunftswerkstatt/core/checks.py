"""System checks of the settings a production installation must get right (`manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from config.secret_key import HOW_TO_GENERATE, secret_key_problem


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The settings refuse a bad key without DEBUG; this says the same wherever the deployment is checked.

    Django's own check (security.W009) lets the development key through: it is long and not
    Django's placeholder. Every fallback key is held to the same rule, since it still verifies links.
    """
    errors: list[checks.CheckMessage] = []
    for name, key in [("SECRET_KEY", settings.SECRET_KEY)] + [
        (f"SECRET_KEY_FALLBACKS[{index}]", fallback) for index, fallback in enumerate(settings.SECRET_KEY_FALLBACKS)
    ]:
        if problem := secret_key_problem(str(key)):
            errors.append(
                checks.Error(
                    problem.replace("SECRET_KEY", name, 1).replace(", and DEBUG is off (production).", "."),
                    hint=HOW_TO_GENERATE,
                    id="core.E001",
                )
            )
    return errors
