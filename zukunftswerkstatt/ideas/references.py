"""References a person can read out on the telephone: "ZW-2026-0142".

The year of submission and a number counted per year for the whole installation (given out by
services.reference_next in the contribution's transaction). People type them in many ways, so
reading one back is forgiving: with or without "ZW", with spaces, dashes or dots, lower case, and
with or without the leading zeros.
"""

from __future__ import annotations

import re

from .models import REFERENCE_PREFIX

_PATTERN = re.compile(r"^(?:zw)?[\s\-–/.:]*(\d{4})[\s\-–/.:]*(\d{1,7})$", re.IGNORECASE)


def reference_format(*, year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


def reference_normalise(text: str) -> str | None:
    """ "zw 2026 142", "ZW-2026-0142", "2026-142" → "ZW-2026-0142"; None when it is no reference."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        return None
    return reference_format(year=int(match.group(1)), number=int(match.group(2)))
