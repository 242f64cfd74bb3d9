"""Organisations, their member towns, fields of action and the age groups (the platform's vocabulary)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import Municipality, Organisation, TargetGroup, Topic

from ..conventions import CursorPage, note_modified

router = Router(tags=["Organisations"])


class LicenceOut(Schema):
    code: str = Field(..., description="Identifier in the DCAT-AP.de licence vocabulary.")
    name: str
    url: str = Field(..., description="The licence text.")
    uri: str = Field(..., description="The licence in the DCAT-AP.de vocabulary (dcterms:license).")
    attribution: str = Field(..., description="The name to give when reusing the data.")


class TownOut(Schema):
    id: int
    name: str
    ags: str = Field(..., description="Official municipality key (Amtlicher Gemeindeschlüssel), 8 digits.")


class TopicOut(Schema):
    id: int
    name: str
    description: str


class TargetGroupOut(Schema):
    id: int
    name: str
    min_age: int | None
    max_age: int | None


class OrganisationOut(Schema):
    slug: str
    name: str
    description: str
    website: str
    url: str = Field(..., description="The organisation's page on the platform.")
    licence: LicenceOut = Field(..., description="The licence of all data of this organisation.")
    towns: list[TownOut]
    topics: list[TopicOut] = Field(..., description="Fields of action (Handlungsfelder).")
    processes: str = Field(..., description="The API address of the organisation's published processes.")

    @staticmethod
    def resolve_url(organisation: Organisation) -> str:
        return absolute_url(organisation.get_absolute_url())

    @staticmethod
    def resolve_licence(organisation: Organisation) -> dict:
        licence = organisation.licence
        return {
            "code": licence.code,
            "name": licence.name,
            "url": licence.url,
            "uri": licence.uri,
            "attribution": organisation.attribution,
        }

    @staticmethod
    def resolve_towns(organisation: Organisation) -> list:
        return list(organisation.municipalities.all())

    @staticmethod
    def resolve_topics(organisation: Organisation) -> list:
        return list(organisation.topics.all())

    @staticmethod
    def resolve_processes(organisation: Organisation) -> str:
        return absolute_url(f"/api/v1/organisations/{organisation.slug}/processes")


def _organisations():
    return Organisation.objects.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name", "pk")),
        Prefetch("topics", queryset=Topic.objects.order_by("position", "name", "pk")),
    )


@router.get("/organisations", response=list[OrganisationOut], summary="All organisations")
@paginate(CursorPage, ordering=("pk",))
def organisation_list(request: HttpRequest):
    return _organisations()


@router.get("/organisations/{slug}", response=OrganisationOut, summary="One organisation")
def organisation_detail(request: HttpRequest, slug: str):
    organisation = get_object_or_404(_organisations(), slug=slug)
    note_modified(request, organisation.modified)
    return organisation


@router.get("/target-groups", response=list[TargetGroupOut], summary="Age groups", tags=["Vocabularies"])
def target_groups(request: HttpRequest):
    groups = list(TargetGroup.objects.order_by("position", "pk"))
    note_modified(request, (group.modified for group in groups))
    return groups
