"""The "Leichte Sprache" entry on every page, and the readability hints offered on staff pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _entry(html: str) -> str:
    start = html.index('class="easyread-link"')
    return html[start : html.index("</a>", start)]


def test_a_page_of_an_organisation_leads_to_its_pages_in_leichte_sprache(client, organisation, other_organisation):
    html = client.get(organisation.get_absolute_url()).content.decode()

    entry = _entry(html)
    assert f'href="{reverse("easyread:index", args=[organisation.slug])}"' in entry
    assert "Leichte Sprache" in entry
    assert 'class="easyread-icon"' in entry


def test_a_page_without_an_organisation_leads_to_the_list(client, organisation, other_organisation):
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("easyread:organisations")}"' in _entry(html)


def test_the_process_page_has_the_entry(client, process, organisation):
    html = client.get(process.get_absolute_url()).content.decode()
    assert reverse("easyread:index", args=[organisation.slug]) in _entry(html)


def test_staff_pages_name_the_hints_endpoint_and_the_public_does_not_get_it(client, client_for, organisation, staff_a):
    assert b'name="zw-readability"' not in client.get(organisation.get_absolute_url()).content
    html = client_for(staff_a).get(organisation.get_absolute_url()).content.decode()
    assert f'<meta name="zw-readability" content="{reverse("easyread:hints")}">' in html
    assert "easyread/hints.js" in html


def test_the_back_office_names_the_hints_endpoint_and_marks_the_descriptions(client_for, process, org_admin):
    html = client_for(org_admin).get(reverse("admin:processes_process_change", args=[process.pk])).content.decode()

    assert 'name="zw-readability"' in html
    assert 'name="description"' in html
    assert html.count('data-readability="de"') >= 1 + process.phases.count()


def test_the_staff_forms_of_public_text_carry_the_marker():
    from zukunftswerkstatt.events.forms import DocumentationForm
    from zukunftswerkstatt.ideas.forms import AnswerForm
    from zukunftswerkstatt.plans.forms import MeasureForm
    from zukunftswerkstatt.progress.forms import ProgressUpdateForm

    for form_class, field in [
        (AnswerForm, "text"),
        (DocumentationForm, "results"),
        (MeasureForm, "description"),
        (ProgressUpdateForm, "text"),
    ]:
        assert form_class.base_fields[field].widget.attrs.get("data-readability") == "de", form_class
