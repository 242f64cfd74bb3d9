"""The settings the test suite runs with: config.settings, given a secret key of its own.

Tests run with DEBUG off, as production does, and production refuses to start without a real key
(config/secret_key.py). The suite gets a fresh random key each run (unless SECRET_KEY is set
already), so no test can depend on a key and none is written down in the repository.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from config.settings import *  # noqa: E402, F403

# The organisations' host names are read again only when an organisation is saved: a reload after
# 30 s would add a query in the middle of a test that pins its query count.
ORGANISATION_HOSTS_SECONDS = 10**9
