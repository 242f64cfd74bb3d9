"""Boxes a town pastes into its own website: the running phase, the latest contributions, upcoming events.

Each widget is a small page of its own, shown in an iframe on the town's site (docs/embeds.md):
- it sets no cookie and asks for none (no session, no CSRF token, no language cookie: `?lang=`);
- any site may frame it (`frame-ancestors *`, no X-Frame-Options), every other page of ours stays
  unframeable;
- its links open in the whole window (`target="_top"`), not inside the box;
- its script tells the page around it how tall it is (postMessage), so the box needs no scroll bar,
  and the town's page listens with static/embeds/embed-frame.js; without JavaScript the box keeps
  its fixed height and the snippet's plain link leads to the platform;
- it is answered as for a visitor (public_view: anonymous, rate limit `embeds.read:ip`, ETag).
"""

from __future__ import annotations

from csp.decorators import csp_replace
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from zukunftswerkstatt.api.conventions import (
    READ_METHODS,
    note_modified,
    public_modules,
    public_process,
    public_view,
)
from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.ideas.models import Idea, Visibility
from zukunftswerkstatt.processes.selectors import phase_main_action, process_timeline

DEFAULT_LIMIT = 5
MAX_LIMIT = 20
EMBED_MAX_AGE = 300
WIDGETS = ("phase", "contributions", "events")


def _limit(request: HttpRequest) -> int:
    try:
        return max(1, min(MAX_LIMIT, int(request.GET.get("limit", DEFAULT_LIMIT))))
    except ValueError:
        return DEFAULT_LIMIT


def _limited(request: HttpRequest) -> bool:
    return over_limit(request, "embeds.read:ip", method=READ_METHODS, message="")


def embeddable(view):
    """Frameable by any site, public data, no cookie."""
    return xframe_options_exempt(
        csp_replace({"frame-ancestors": ["*"]})(
            public_view(_limited, max_age=EMBED_MAX_AGE, language_from_header=False)(view)
        )
    )


def _render(request: HttpRequest, template: str, process, context: dict) -> HttpResponse:
    response = render(
        request,
        template,
        {
            "process": process,
            "organisation": process.organisation,
            "process_url": absolute_url(process.get_absolute_url()),
            "language": translation.get_language(),
            "frame_id": request.GET.get("frame", "")[:40],
            **context,
        },
    )
    # Nothing in a box may set a cookie on the town's visitors (not even Django's CSRF cookie).
    response.cookies.clear()
    return response


@embeddable
def phase_widget(request: HttpRequest, org: str, process: str) -> HttpResponse:
    found = public_process(org, process)
    now = timezone.now()
    timeline = process_timeline(process=found, now=now)
    current = next((entry for entry in timeline if entry.state == "running"), None)
    upcoming = next((entry for entry in timeline if entry.state == "upcoming"), None)
    action = phase_main_action(phase=current.phase, modules=current.modules, now=now) if current else None
    note_modified(request, [found.modified, *(entry.phase.modified for entry in timeline)])
    return _render(
        request,
        "embeds/phase.html",
        found,
        {
            "current": current,
            "upcoming": upcoming,
            "phase_count": len(timeline),
            "action_label": str(action.label) if action else "",
            "action_url": absolute_url(action.url) if action else "",
        },
    )


@embeddable
def contributions_widget(request: HttpRequest, org: str, process: str) -> HttpResponse:
    found = public_process(org, process)
    modules = public_modules(found, "ideas")
    module = None
    if request.GET.get("module"):
        module = next((m for m in modules if str(m.pk) == request.GET["module"]), None)
        if module is None:
            raise Http404
    ideas = list(
        Idea.objects.filter(module__in=[module] if module else modules, visibility=Visibility.PUBLISHED)
        .select_related("municipality")
        .order_by("-created", "-pk")[: _limit(request)]
    )
    note_modified(request, (idea.modified for idea in ideas))
    target = module or (modules[0] if modules else None)
    return _render(
        request,
        "embeds/contributions.html",
        found,
        {
            "ideas": [(idea, absolute_url(idea.get_absolute_url())) for idea in ideas],
            "module": module,
            "collection_url": absolute_url(target.get_absolute_url()) if target else "",
            "write_url": absolute_url(reverse("ideas:create", kwargs={"module_pk": target.pk})) if target else "",
        },
    )


@embeddable
def events_widget(request: HttpRequest, org: str, process: str) -> HttpResponse:
    found = public_process(org, process)
    events = list(
        Event.objects.published()
        .filter(process=found, end__gt=timezone.now())
        .order_by("start", "pk")[: _limit(request)]
    )
    note_modified(request, (event.modified for event in events))
    return _render(
        request,
        "embeds/events.html",
        found,
        {"events": [(event, absolute_url(event.get_absolute_url())) for event in events]},
    )


def builder(request: HttpRequest, org: str, process: str) -> HttpResponse:
    """The page where a town's web editor chooses a box, sees it and copies the code."""
    found = public_process(org, process)
    widget = request.GET.get("widget", "phase")
    if widget not in WIDGETS:
        widget = "phase"
    language = request.GET.get("lang", "de") if request.GET.get("lang") in ("de", "en") else "de"
    limit = _limit(request)
    modules = public_modules(found, "ideas")
    module = request.GET.get("module", "")
    if module and not any(str(m.pk) == module for m in modules):
        module = ""
    query = f"?lang={language}"
    if widget != "phase":
        query += f"&limit={limit}"
    if widget == "contributions" and module:
        query += f"&module={module}"
    path = reverse(f"embeds:{widget}", kwargs={"org": org, "process": process}) + query
    src = absolute_url(path)
    frame_id = f"zukunftswerkstatt-{found.slug}-{widget}"
    titles = {
        "phase": _("What is happening now in “%(title)s”"),
        "contributions": _("Latest contributions to “%(title)s”"),
        "events": _("Upcoming events of “%(title)s”"),
    }
    frame_title = titles[widget] % {"title": found.title}
    process_url = absolute_url(found.get_absolute_url())
    script_url = absolute_url("/static/embeds/embed-frame.js")
    # The code a web editor pastes: every value escaped, since titles are typed by staff.
    iframe_snippet = (
        f'<iframe id="{frame_id}" src="{escape(src + "&frame=" + frame_id)}" title="{escape(frame_title)}" '
        f'style="width:100%;height:420px;border:0" loading="lazy"></iframe>\n'
        f'<script src="{escape(script_url)}" defer></script>\n'
        f'<noscript><a href="{escape(process_url)}">{escape(found.title)}</a></noscript>'
    )
    link_snippet = f'<p><a href="{escape(process_url)}">{escape(frame_title)}</a></p>'
    return render(
        request,
        "embeds/builder.html",
        {
            "process": found,
            "organisation": found.organisation,
            "widget": widget,
            "widgets": [
                ("phase", _("The running phase")),
                ("contributions", _("Latest contributions")),
                ("events", _("Upcoming events")),
            ],  # fmt: skip
            "modules": modules,
            "module": module,
            "limit": limit,
            "language": language,
            "preview_src": path + f"&frame={frame_id}",
            "frame_id": frame_id,
            "frame_title": frame_title,
            "iframe_snippet": iframe_snippet,
            "link_snippet": link_snippet,
        },
    )
