"""The demo's themes (called by demo/services.py for the running round): suggestions for the
kick-off's cards and the idea collection's contributions, computed at once through the service
(not the worker), and one of them accepted and named by the moderator, so that a moderator sees
themes on the first visit."""

from __future__ import annotations

from zukunftswerkstatt.processes.demo_context import DemoContext

from . import services
from .models import Theme


def load(ctx: DemoContext) -> None:
    moderator = ctx.people["moderation"]
    run = services.theme_run_request(process=ctx.process, by=moderator)
    services.theme_run_execute(run_pk=run.pk)
    themes = list(Theme.objects.filter(process=ctx.process).order_by("position", "pk"))
    # The evening bus is the story's running thread (the hints while writing show it too).
    chosen = next((t for t in themes if any(w.casefold() == "bus" for w in t.words)), themes[0] if themes else None)
    if chosen is not None:
        services.theme_accept(theme=chosen, by=moderator)
        services.theme_rename(theme=chosen, title="Busverbindungen am Abend und am Wochenende", by=moderator)
