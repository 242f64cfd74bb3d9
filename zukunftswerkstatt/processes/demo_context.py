"""What the demo (`manage.py load_demo`, the top app) hands to each feature app's own demo loader;
here, below every feature app, so that their demo.py need not import the demo app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zukunftswerkstatt.accounts.models import User
from zukunftswerkstatt.core.models import Municipality, Organisation
from zukunftswerkstatt.processes.models import Module, Phase, Process


@dataclass(frozen=True)
class DemoContext:
    organisation: Organisation
    process: Process
    phases: dict[str, Phase]
    """The five phases by phase type: kickoff, profile, workshop, action_plan, review."""
    towns: dict[str, Municipality]
    """The four towns by official key (AGS)."""
    people: dict[str, User]
    """Demo accounts by the local part of their e-mail (admin, koordination, moderation, auerbach, …)."""
    ideas_module: Module
    today: dt.date
