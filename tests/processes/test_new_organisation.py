"""A platform administrator creates an organisation with its towns and first process in one form
(issue 17, docs/organisations.md): all of it or nothing, and nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from zukunftswerkstatt.core.models import LegalPage, Municipality, Organisation
from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.processes.registry import registry

pytestmark = pytest.mark.django_db

URL = reverse("admin:processes_new_organisation")


def form_data(**overrides) -> dict:
    return {
        "organisation_name": "Stadt Treuen",
        "organisation_slug": "treuen",
        "organisation_host": "",
        "organisation_contact_email": "rathaus@treuen.example",
        "organisation_mail_from_address": "beteiligung@treuen.example",
        "organisation_brand_colour": "#1d5c8c",
        "towns": "Treuen; 14523450\nPerlas; 14523451",
        "process_title": "Treuen 2040",
        "process_slug": "treuen-2040",
        "process_theme": "Demografischer Wandel",
        "process_blueprint": "zukunftswerkstatt",
        "start": "2027-01-11",
        "process_is_published": "on",
        **overrides,
    }


def test_one_form_makes_organisation_towns_and_process(client_for, platform_admin):
    client = client_for(platform_admin)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form_data())
    organisation = Organisation.objects.get(slug="treuen")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_organisation_change", args=[organisation.pk])
    assert organisation.mail_from_address == "beteiligung@treuen.example"
    assert organisation.brand_colour == "#1d5c8c"
    assert sorted(organisation.municipalities.values_list("ags", flat=True)) == ["14523450", "14523451"]
    assert LegalPage.objects.filter(organisation=organisation).count() == 3
    assert organisation.topics.count() == 13
    process = Process.objects.get(organisation=organisation)
    assert (process.title, process.is_published) == ("Treuen 2040", True)
    assert process.municipalities.count() == 2
    phases = list(process.phases.order_by("start"))
    blueprint = registry.blueprints["zukunftswerkstatt"].phases
    assert [phase.type for phase in phases] == [step.phase_type for step in blueprint]
    assert timezone.localtime(phases[0].start).date().isoformat() == "2027-01-11"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"towns": "Treuen; 1452"}, "towns"),
        ({"towns": "Treuen ohne Schlüssel"}, "towns"),
        ({"organisation_slug": "goeltzschtal"}, "organisation_slug"),
        ({"organisation_host": "treuen.example"}, "organisation_host"),
        ({"organisation_brand_colour": "#ffff00"}, "organisation_brand_colour"),
        ({"process_slug": ""}, "process_slug"),
    ],
)
def test_a_mistake_anywhere_creates_nothing_and_keeps_what_was_typed(
    client_for, platform_admin, organisation, change, field
):
    before = (Organisation.objects.count(), Municipality.objects.count(), Process.objects.count())
    response = client_for(platform_admin).post(URL, form_data(**change))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert (Organisation.objects.count(), Municipality.objects.count(), Process.objects.count()) == before
    page = response.content.decode()
    assert 'value="Treuen 2040"' in page
    assert "rathaus@treuen.example" in page


def test_nobody_but_a_platform_administrator_may(client_for, org_admin, moderator):
    for person in (org_admin, moderator):
        assert client_for(person).get(URL).status_code in {302, 403}
        assert client_for(person).post(URL, form_data()).status_code in {302, 403}
    assert not Organisation.objects.filter(slug="treuen").exists()
    changelist = client_for(org_admin).get(reverse("admin:core_organisation_changelist")).content.decode()
    assert URL not in changelist


def test_the_organisation_list_offers_the_form_to_platform_administrators(client_for, platform_admin, organisation):
    changelist = client_for(platform_admin).get(reverse("admin:core_organisation_changelist")).content.decode()
    assert URL in changelist
