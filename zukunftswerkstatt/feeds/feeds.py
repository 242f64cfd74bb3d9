"""RSS 2.0 and Atom 1.0 feeds of a process, with Django's syndication framework.

Five feeds per published process: new contributions, the municipality's answers, events, progress of
the measures, and all of them together. Each holds at most FEED_SIZE entries, newest first, costs a
fixed number of queries, and names nobody: no author of a contribution, no one who answered, no one
who wrote a progress entry (docs/feeds.md). The iCalendar feed of events stays where it is
(`events:calendar`); the feeds page links it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.api.conventions import public_modules, public_process
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.ideas.models import Idea, Visibility
from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.progress.models import ProgressUpdate

FEED_SIZE = 50
EXCERPT_WORDS = 60


@dataclass
class Entry:
    """One entry of any feed: what Django's feed classes ask for, computed once."""

    kind: str
    title: str
    description: str
    link: str
    published: dt.datetime
    updated: dt.datetime
    guid: str


def _contributions(process: Process) -> list[Entry]:
    ideas = (
        Idea.objects.filter(module__in=public_modules(process, "ideas"), visibility=Visibility.PUBLISHED)
        .select_related("municipality")
        .order_by("-created", "-pk")[:FEED_SIZE]
    )
    entries = []
    for idea in ideas:
        link = absolute_url(idea.get_absolute_url())
        where = f" ({idea.municipality.name})" if idea.municipality else ""
        entries.append(
            Entry(
                kind="contribution",
                title=f"{idea.get_kind_display()}: {idea.title}{where}",
                description=Truncator(idea.text).words(EXCERPT_WORDS),
                link=link,
                published=idea.created,
                updated=idea.modified,
                guid=f"{link}#contribution",
            )
        )
    return entries


def _answers(process: Process) -> list[Entry]:
    ideas = (
        Idea.objects.filter(module__in=public_modules(process, "ideas"), visibility=Visibility.PUBLISHED)
        .exclude(official_answer="")
        .filter(answered_at__isnull=False)
        .order_by("-answered_at", "-pk")[:FEED_SIZE]
    )
    entries = []
    for idea in ideas:
        link = absolute_url(idea.get_absolute_url())
        entries.append(
            Entry(
                kind="answer",
                title=_("Answer from the municipality: %(title)s") % {"title": idea.title},
                description=Truncator(idea.official_answer).words(EXCERPT_WORDS * 2),
                link=link,
                published=idea.answered_at,
                updated=idea.answered_at,
                guid=f"{link}#answer",
            )
        )
    return entries


def _events(process: Process) -> list[Entry]:
    events = Event.objects.published().filter(process=process).order_by("-created", "-pk")[:FEED_SIZE]
    entries = []
    for event in events:
        link = absolute_url(event.get_absolute_url())
        start = timezone.localtime(event.start)
        when = _("%(day)s, %(time)s") % {
            "day": date_format(start, "l, j. F Y"),
            "time": date_format(start, "TIME_FORMAT"),
        }
        description = f"{when} – {event.place_name}"
        if event.description:
            description += "\n\n" + Truncator(event.description).words(EXCERPT_WORDS)
        entries.append(
            Entry(
                kind="event",
                title=f"{event.get_kind_display()}: {event.title}",
                description=description,
                link=link,
                published=event.created,
                updated=event.modified,
                guid=f"{link}#event",
            )
        )
    return entries


def _progress(process: Process) -> list[Entry]:
    updates = (
        ProgressUpdate.objects.filter(measure__process=process)
        .select_related("measure")
        .order_by("-date", "-pk")[:FEED_SIZE]
    )
    entries = []
    for update in updates:
        link = absolute_url(update.measure.get_absolute_url())
        moment = timezone.make_aware(dt.datetime.combine(update.date, dt.time(12)))
        entries.append(
            Entry(
                kind="progress",
                title=_("%(measure)s: %(status)s, %(percent)s %% done")
                % {
                    "measure": update.measure.title,
                    "status": update.get_status_display(),
                    "percent": update.percent_complete,
                },
                description=Truncator(update.text).words(EXCERPT_WORDS),
                link=link,
                published=moment,
                updated=update.modified,
                guid=f"{link}#progress-{update.pk}",
            )
        )
    return entries


KINDS = {
    "contributions": (_contributions, gettext_lazy("New contributions")),
    "answers": (_answers, gettext_lazy("Answers from the municipality")),
    "events": (_events, gettext_lazy("Events")),
    "progress": (_progress, gettext_lazy("Progress of the measures")),
}


def feed_entries(process: Process, kind: str) -> list[Entry]:
    if kind == "all":
        entries = [entry for build, _title in KINDS.values() for entry in build(process)]
        return sorted(entries, key=lambda entry: entry.published, reverse=True)[:FEED_SIZE]
    return KINDS[kind][0](process)


def feed_title(kind: str) -> str:
    if kind == "all":
        return _("Everything new")
    return str(KINDS[kind][1])


class ProcessFeed(Feed):
    """RSS 2.0; AtomProcessFeed below is the same as Atom 1.0."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, org: str, process: str, kind: str):
        found = public_process(org, process)
        found.feed_kind = kind
        found.feed_path = request.path
        found.feed_entries = feed_entries(found, kind)
        return found

    def title(self, obj) -> str:
        return f"{feed_title(obj.feed_kind)} – {obj.title}"

    def link(self, obj) -> str:
        return absolute_url(obj.get_absolute_url())

    def description(self, obj) -> str:
        return _("%(feed)s in the participation process “%(title)s” of %(organisation)s.") % {
            "feed": feed_title(obj.feed_kind),
            "title": obj.title,
            "organisation": obj.organisation.name,
        }

    def feed_url(self, obj) -> str:
        return absolute_url(obj.feed_path)

    def items(self, obj) -> list[Entry]:
        return obj.feed_entries

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.guid

    def item_guid_is_permalink(self, item: Entry) -> bool:
        return False

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.updated

    def item_categories(self, item: Entry) -> list[str]:
        return [item.kind]


class AtomProcessFeed(ProcessFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj) -> str:
        return self.description(obj)
