"""The feeds page of a process (for people who have never used a feed) and the feeds themselves."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from zukunftswerkstatt.api.conventions import READ_METHODS, public_process, public_view
from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.links import absolute_url

from .feeds import KINDS, AtomProcessFeed, ProcessFeed, feed_title

FEED_MAX_AGE = 300
_rss = ProcessFeed()
_atom = AtomProcessFeed()


def _limited(request: HttpRequest) -> bool:
    return over_limit(request, "feeds.read:ip", method=READ_METHODS, message="")


@public_view(_limited, max_age=FEED_MAX_AGE)
def feed(request: HttpRequest, org: str, process: str, kind: str, fmt: str) -> HttpResponse:
    if kind not in (*KINDS, "all") or fmt not in ("rss", "atom"):
        raise Http404
    view = _rss if fmt == "rss" else _atom
    return view(request, org=org, process=process, kind=kind)


def feed_links(process) -> list[dict]:
    """Every feed of a process: its title and its RSS and Atom addresses."""
    links = []
    for kind in ("all", *KINDS):
        urls = {
            fmt: reverse(
                "feeds:feed",
                kwargs={"org": process.organisation.slug, "process": process.slug, "kind": kind, "fmt": fmt},
            )
            for fmt in ("rss", "atom")
        }
        links.append({"kind": kind, "title": feed_title(kind), "rss": urls["rss"], "atom": urls["atom"]})
    return links


def feeds_page(request: HttpRequest, org: str, process: str) -> HttpResponse:
    found = public_process(org, process)
    links = feed_links(found)
    for link in links:
        link["rss_absolute"] = absolute_url(link["rss"])
    return render(
        request,
        "feeds/process.html",
        {
            "process": found,
            "feeds": links,
            "calendar_url": absolute_url(reverse("events:calendar", kwargs={"process_pk": found.pk})),
        },
    )
