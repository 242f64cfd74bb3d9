"""The open data of a process: which datasets there are, their columns with a description of each, and
their rows — built from the read API's own schemas, so that a file can never hold more than the API
shows to a visitor (docs/opendata.md; tests/opendata/ check that every column is described).

A row is the API object flattened: nested objects become their name (a town, a field of action), lists
become texts joined with " | " (target groups), and what a table cannot hold (the status history, the
progress entries) stays in the JSON files of the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pydantic import TypeAdapter

from zukunftswerkstatt.api.routers.contributions import ContributionOut, _public_contributions, contributions_data
from zukunftswerkstatt.api.routers.events import EventOut, _events
from zukunftswerkstatt.api.routers.plans import MeasureOut, _public_measures
from zukunftswerkstatt.api.routers.profile import InventoryOut, SwotOut, _inventory, _swot
from zukunftswerkstatt.processes.models import Process

# Rows are read from the database in chunks of this size (with their prefetched relations).
CHUNK = 1000


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """The Frictionless Table Schema type: string, integer, number, date, datetime, boolean."""
    description: Promise | str
    get: Callable[[dict], Any]


def _key(name: str) -> Callable[[dict], Any]:
    return lambda row: row.get(name)


def _name_of(name: str) -> Callable[[dict], Any]:
    return lambda row: (row.get(name) or {}).get("name", "")


def _names(name: str) -> Callable[[dict], Any]:
    return lambda row: " | ".join(item["name"] for item in row.get(name) or [])


def _ids(name: str) -> Callable[[dict], Any]:
    return lambda row: " | ".join(str(item) for item in row.get(name) or [])


@dataclass(frozen=True)
class Dataset:
    key: str
    file_name: str
    """The German word in file names: `goeltzschtal-attraktiv-im-wandel-beitraege-2026-12-05.csv`."""
    title: Promise
    description: Promise
    columns: list[Column]
    queryset: Callable[[Process], QuerySet]
    schema: type
    """The API's schema of a row: a ninja Schema that reads the model, or a plain pydantic model
    filled by `batch` (the API's own function for its list)."""
    batch: Callable[[list], list[dict]] | None = None
    geo: bool = False
    formats: tuple[str, ...] = field(default=("csv", "json"))

    def api_rows(self, process: Process) -> Iterator[dict]:
        """The API object of every row, in id order, exactly as the API writes it."""
        if self.batch is None:
            for obj in self.queryset(process).order_by("pk").iterator(chunk_size=CHUNK):
                yield self.schema.from_orm(obj).model_dump(mode="json")
            return
        adapter = TypeAdapter(list[self.schema])  # type: ignore[name-defined]
        chunk: list = []
        for obj in self.queryset(process).order_by("pk").iterator(chunk_size=CHUNK):
            chunk.append(obj)
            if len(chunk) == CHUNK:
                yield from adapter.dump_python(adapter.validate_python(self.batch(chunk)), mode="json")
                chunk = []
        if chunk:
            yield from adapter.dump_python(adapter.validate_python(self.batch(chunk)), mode="json")

    def flat(self, api_row: dict) -> dict:
        return {column.name: column.get(api_row) for column in self.columns}

    def rows(self, process: Process) -> Iterator[dict]:
        for api_row in self.api_rows(process):
            yield self.flat(api_row)

    def summary(self, process: Process) -> tuple[int, dt.datetime | None]:
        """How many rows, and when the data last changed (one query)."""
        figures = self.queryset(process).order_by().aggregate(latest=Max("modified"))
        count = self.queryset(process).order_by().count()
        return count, figures["latest"]


CONTRIBUTIONS = Dataset(
    key="contributions",
    file_name="beitraege",
    title=_("Contributions"),
    description=_(
        "Every published contribution of the process's idea collections (criticism, visions and "
        "proposals) with its status and the municipality's answer. Without the names of the people who "
        "wrote them."
    ),
    queryset=_public_contributions,
    schema=ContributionOut,
    batch=contributions_data,
    geo=True,
    formats=("csv", "json", "geojson"),
    columns=[
        Column("id", "integer", _("Number of the contribution on the platform."), _key("id")),
        Column("reference", "string", _("Reference people quote, e.g. ZW-2026-0142."), _key("reference")),
        Column("url", "string", _("Address of the contribution's page."), _key("url")),
        Column("module", "integer", _("Number of the idea collection it belongs to."), _key("module")),
        Column("kind", "string", _("criticism, vision or proposal."), _key("kind")),
        Column("kind_label", "string", _("The kind in words."), _key("kind_label")),
        Column("title", "string", _("Title."), _key("title")),
        Column("text", "string", _("Text."), _key("text")),
        Column("topic", "string", _("Field of action (Handlungsfeld)."), _name_of("topic")),
        Column("town", "string", _("Town it concerns; empty: the whole association."), _name_of("town")),
        Column("target_groups", "string", _("Age groups it concerns, separated by “ | ”."), _names("target_groups")),
        Column("place_name", "string", _("Place in words, if named."), _key("place_name")),
        Column("latitude", "number", _("Latitude (WGS 84) of the pin on the map, if set."), _key("latitude")),
        Column("longitude", "number", _("Longitude (WGS 84) of the pin on the map, if set."), _key("longitude")),
        Column(
            "channel",
            "string",
            _("How it came in: online, phone, letter, email, in_person, workshop."),
            _key("channel"),
        ),
        Column("youth_group", "string", _("School class or youth club it came from, if any."), _key("youth_group")),
        Column(
            "status",
            "string",
            _("new, under_review, in_plan, merged, not_pursued or withdrawn."),
            _key("status"),
        ),
        Column("status_label", "string", _("The status in words."), _key("status_label")),
        Column("status_reason", "string", _("Reason given with the status."), _key("status_reason")),
        Column("official_answer", "string", _("The municipality's answer."), _key("official_answer")),
        Column("answered_at", "datetime", _("When the municipality answered."), _key("answered_at")),
        Column("merged_into", "integer", _("Contribution it was merged into."), _key("merged_into")),
        Column("support_count", "integer", _("Number of supports."), _key("support_count")),
        Column("comment_count", "integer", _("Number of visible comments."), _key("comment_count")),
        Column("created", "datetime", _("When it was written (UTC)."), _key("created")),
        Column("modified", "datetime", _("When it last changed (UTC)."), _key("modified")),
    ],
)

MEASURES = Dataset(
    key="measures",
    file_name="massnahmen",
    title=_("Measures of the action plan"),
    description=_(
        "The measures of the Werkstattplan with their state of progress, dates, costs and the "
        "contributions they take up."
    ),
    queryset=_public_measures,
    schema=MeasureOut,
    columns=[
        Column("id", "integer", _("Number of the measure on the platform."), _key("id")),
        Column("url", "string", _("Address of the measure's page."), _key("url")),
        Column("title", "string", _("Title."), _key("title")),
        Column("description", "string", _("Description."), _key("description")),
        Column("goal", "string", _("Goal."), _key("goal")),
        Column("topic", "string", _("Field of action (Handlungsfeld)."), _name_of("topic")),
        Column("towns", "string", _("Towns it concerns, separated by “ | ”; empty: all."), _names("towns")),
        Column("target_groups", "string", _("Age groups, separated by “ | ”."), _names("target_groups")),
        Column("responsible_body", "string", _("Office or body responsible."), _key("responsible_body")),
        Column("partners", "string", _("Partners."), _key("partners")),
        Column("start", "date", _("Start."), _key("start")),
        Column("end", "date", _("Planned end."), _key("end")),
        Column("estimated_cost", "number", _("Estimated cost in euros."), _key("estimated_cost")),
        Column("funding_source", "string", _("Funding."), _key("funding_source")),
        Column("priority", "string", _("high, medium or low."), _key("priority")),
        Column("status", "string", _("planned, in_progress, done, paused or dropped."), _key("status")),
        Column("status_label", "string", _("The status in words."), _key("status_label")),
        Column("status_reason", "string", _("Reason for the status."), _key("status_reason")),
        Column("percent_complete", "integer", _("Share done, in percent."), _key("percent_complete")),
        Column(
            "milestones_done",
            "integer",
            _("Milestones reached."),
            lambda row: sum(1 for m in row["milestones"] if m["done_on"]),
        ),
        Column("milestones", "integer", _("Milestones in all."), lambda row: len(row["milestones"])),
        Column(
            "last_progress",
            "date",
            _("Date of the latest progress entry."),
            lambda row: row["progress"][0]["date"] if row["progress"] else None,
        ),
        Column(
            "contributions",
            "string",
            _("Numbers of the contributions it takes up, separated by “ | ”."),
            _ids("contributions"),
        ),
        Column("modified", "datetime", _("When it last changed (UTC)."), _key("modified")),
    ],
)

EVENTS = Dataset(
    key="events",
    file_name="veranstaltungen",
    title=_("Events"),
    description=_("The published events of the process: kick-off, workshops, meetings, with place and access."),
    queryset=_events,
    schema=EventOut,
    columns=[
        Column("id", "integer", _("Number of the event on the platform."), _key("id")),
        Column("url", "string", _("Address of the event's page."), _key("url")),
        Column(
            "kind",
            "string",
            _("kickoff, workshop, citizens_meeting, information_evening or interim_review."),
            _key("kind"),
        ),
        Column("kind_label", "string", _("The kind in words."), _key("kind_label")),
        Column("title", "string", _("Title."), _key("title")),
        Column("description", "string", _("Description."), _key("description")),
        Column("start", "datetime", _("Start (UTC)."), _key("start")),
        Column("end", "datetime", _("End (UTC)."), _key("end")),
        Column("place_name", "string", _("Place."), _key("place_name")),
        Column("address", "string", _("Address."), _key("address")),
        Column("room", "string", _("Room."), _key("room")),
        Column("online_url", "string", _("Where to take part online, if possible."), _key("online_url")),
        Column(
            "step_free_access",
            "boolean",
            _("Step-free access."),
            lambda row: row["accessibility"]["step_free_access"],
        ),
        Column("hearing_loop", "boolean", _("Hearing loop."), lambda row: row["accessibility"]["hearing_loop"]),
        Column(
            "sign_language_on_request",
            "boolean",
            _("Sign-language interpretation on request."),
            lambda row: row["accessibility"]["sign_language_on_request"],
        ),
        Column("childcare", "boolean", _("Childcare."), lambda row: row["accessibility"]["childcare"]),
        Column("modified", "datetime", _("When it last changed (UTC)."), _key("modified")),
    ],
)

INVENTORY = Dataset(
    key="inventory",
    file_name="bestandsaufnahme",
    title=_("Inventory of existing offers"),
    description=_(
        "What already exists in the towns: offers, measures and projects collected for the municipal "
        "profile, with who offers them (organisations, not persons) and since when."
    ),
    queryset=_inventory,
    schema=InventoryOut,
    columns=[
        Column("id", "integer", _("Number of the entry on the platform."), _key("id")),
        Column("url", "string", _("Address of the entry's page."), _key("url")),
        Column("title", "string", _("Title."), _key("title")),
        Column("description", "string", _("Description."), _key("description")),
        Column("towns", "string", _("Towns, separated by “ | ”; empty: the whole association."), _names("towns")),
        Column("topic", "string", _("Field of action (Handlungsfeld)."), _name_of("topic")),
        Column("target_groups", "string", _("Age groups, separated by “ | ”."), _names("target_groups")),
        Column(
            "provider_kind",
            "string",
            _("town, club, church, company, school, welfare or other."),
            _key("provider_kind"),
        ),
        Column("provider_name", "string", _("Who offers it."), _key("provider_name")),
        Column("status", "string", _("running, planned or ended."), _key("status")),
        Column("since", "date", _("Since (a year alone: 1 January)."), _key("since")),
        Column("until", "date", _("Until (a year alone: 31 December)."), _key("until")),
        Column("funding", "string", _("Funding."), _key("funding")),
        Column("link", "string", _("A web page about it."), _key("link")),
        Column("modified", "datetime", _("When it last changed (UTC)."), _key("modified")),
    ],
)

SWOT = Dataset(
    key="swot",
    file_name="swot-analyse",
    title=_("SWOT analysis"),
    description=_("Strengths, weaknesses, opportunities and threats of the municipal profile."),
    queryset=_swot,
    schema=SwotOut,
    columns=[
        Column("id", "integer", _("Number of the statement on the platform."), _key("id")),
        Column("url", "string", _("Address of the statement's page."), _key("url")),
        Column("quadrant", "string", _("strength, weakness, opportunity or threat."), _key("quadrant")),
        Column("quadrant_label", "string", _("The quadrant in words."), _key("quadrant_label")),
        Column("statement", "string", _("The statement."), _key("statement")),
        Column("explanation", "string", _("Its explanation (Markdown)."), _key("explanation")),
        Column("town", "string", _("Town it is about; empty: the whole association."), _name_of("town")),
        Column("topic", "string", _("Field of action (Handlungsfeld)."), _name_of("topic")),
        Column("position", "integer", _("Its place in its quadrant."), _key("position")),
        Column(
            "evidence_contributions",
            "string",
            _("Numbers of the contributions it cites, separated by “ | ”."),
            _ids("evidence_contributions"),
        ),
        Column("modified", "datetime", _("When it last changed (UTC)."), _key("modified")),
    ],
)

DATASETS: dict[str, Dataset] = {dataset.key: dataset for dataset in (CONTRIBUTIONS, MEASURES, EVENTS, INVENTORY, SWOT)}
