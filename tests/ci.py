"""Tests that need a tool on the machine (Chromium, nginx): on a developer's machine without it they
are skipped and say so; in CI they fail, since CI installs the tool and a missing one must not turn
a proof into a skip unnoticed. CI is known by the environment variable CI, which `.ci/run` exports
and CI services set."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CI", "").lower() in {"1", "true", "yes"}


def when_tool_missing(environ: Mapping[str, str] = os.environ) -> Literal["fail", "skip"]:
    """What a test that needs a missing tool does: fail in CI, skip elsewhere."""
    return "fail" if in_ci(environ) else "skip"
