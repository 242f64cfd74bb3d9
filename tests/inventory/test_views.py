"""The inventory's pages over HTTP: the list with filters, search and exports, an entry, the staff
forms, the import page (all or nothing), the template download and citizens' suggestions."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.inventory.factories import InventoryItemFactory, InventorySuggestionFactory
from tests.inventory.test_importer import GOOD_ROWS, HEADER, csv_bytes, row, xlsx_bytes
from zukunftswerkstatt.inventory.models import InventoryItem, InventorySuggestion, SuggestionStatus

pytestmark = pytest.mark.django_db


def list_url(module, **query) -> str:
    url = reverse("inventory:list", kwargs={"module_pk": module.pk})
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def titles(response) -> list[str]:
    return [item.title for item in response.context["items"]]


# -- the public list ----------------------------------------------------------------------------------


def test_everyone_sees_the_list_in_title_order(client, inventory_module, item_a, item_b, item_all):
    response = client.get(list_url(inventory_module))
    assert response.status_code == 200
    assert titles(response) == ["Bürgerbus Göltzschtal", "Jugendclub Ellefeld", "Seniorentreff am Markt"]
    assert "Seniorentreff am Markt" in response.content.decode()


def test_the_town_filter_includes_entries_for_the_whole_association(
    client, inventory_module, item_a, item_b, item_all, town_a
):
    assert titles(client.get(list_url(inventory_module, town=town_a.pk))) == [
        "Bürgerbus Göltzschtal",
        "Seniorentreff am Markt",
    ]
    assert titles(client.get(list_url(inventory_module, town="all"))) == ["Bürgerbus Göltzschtal"]


def test_filters_by_field_of_action_target_group_status_and_search(
    client, inventory_module, item_a, item_b, item_all, vocabularies
):
    topic = vocabularies["topics"]["Ehrenamt"]
    group = vocabularies["groups"]["Seniorinnen und Senioren (65+)"]
    assert titles(client.get(list_url(inventory_module, topic=topic.pk))) == ["Jugendclub Ellefeld"]
    assert titles(client.get(list_url(inventory_module, group=group.pk))) == ["Seniorentreff am Markt"]
    assert titles(client.get(list_url(inventory_module, status="ended"))) == ["Bürgerbus Göltzschtal"]
    assert titles(client.get(list_url(inventory_module, q="jugend"))) == ["Jugendclub Ellefeld"]
    response = client.get(list_url(inventory_module, q="nichts dergleichen"))
    assert titles(response) == []
    assert response.context["filtered"]


def test_invalid_filter_values_are_ignored(client, inventory_module, item_a, item_b):
    response = client.get(list_url(inventory_module, town="abc", status="<script>"))
    assert response.status_code == 200
    assert len(titles(response)) == 2


def test_the_list_needs_a_fixed_number_of_queries(
    client, inventory_module, town_a, town_b, vocabularies, django_assert_num_queries
):
    groups = list(vocabularies["groups"].values())
    for n in range(60):
        InventoryItemFactory(
            module=inventory_module,
            municipalities=[town_a, town_b][: n % 3],
            topic=list(vocabularies["topics"].values())[n % 5],
            target_groups=groups[: n % 4],
        )
    client.get(list_url(inventory_module))  # warm the caches (site, session)
    # module, towns, topics, groups, count, a page of items, their towns, their target groups, the
    # profile document module (for the link) and the organisation of the page's header
    with django_assert_num_queries(10):
        response = client.get(list_url(inventory_module, town=town_a.pk, q="Angebot"))
    assert len(titles(response)) == 50  # every entry concerns town A: its own, both towns, or all
    assert response.context["page"].paginator.count == 60
    second = client.get(list_url(inventory_module, town=town_a.pk, q="Angebot", page=2))
    assert len(titles(second)) == 10


def test_the_detail_page_shows_every_field(client, inventory_module, item_a):
    item_a.contact_name = "Frau Beispiel"
    item_a.contact_email = "treff@example.org"
    item_a.link = "https://example.org/"
    item_a.funding = "Spenden"
    item_a.save()
    response = client.get(item_a.get_absolute_url())
    content = response.content.decode()
    for text in ("Seniorentreff am Markt", "Auerbach/Vogtl.", "Frau Beispiel", "treff@example.org", "Spenden"):
        assert text in content


def test_an_entry_of_another_module_is_not_found(client, inventory_module, item_a, profile_phase):
    from zukunftswerkstatt.processes.services import module_create

    other = module_create(phase=profile_phase, type="inventory", title="Zweite")
    url = reverse("inventory:detail", kwargs={"module_pk": other.pk, "pk": item_a.pk})
    assert client.get(url).status_code == 404


def test_an_unpublished_inventory_is_hidden_from_citizens_but_not_from_staff(
    client, client_for, inventory_module, staff_a
):
    inventory_module.is_published = False
    inventory_module.save()
    assert client.get(list_url(inventory_module)).status_code == 404
    assert client_for(staff_a).get(list_url(inventory_module)).status_code == 200


# -- exports ------------------------------------------------------------------------------------------


def test_the_csv_export_has_the_filtered_list_and_guards_against_formulas(
    client, inventory_module, item_a, item_b, town_a
):
    item_a.description = '=HYPERLINK("http://evil")'
    item_a.save()
    response = client.get(reverse("inventory:export", args=[inventory_module.pk, "csv"]) + f"?town={town_a.pk}")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == "Seniorentreff am Markt"
    assert rows[1][1].startswith("'=")
    assert rows[1][2] == "Auerbach/Vogtl."


def test_the_xlsx_export_has_every_entry(client, inventory_module, item_a, item_b, item_all):
    response = client.get(reverse("inventory:export", args=[inventory_module.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert [v[0] for v in values[1:]] == ["Bürgerbus Göltzschtal", "Jugendclub Ellefeld", "Seniorentreff am Markt"]
    assert values[1][-1].endswith(item_all.get_absolute_url())


def test_the_xlsx_export_guards_against_formulas(client, inventory_module, item_a):
    item_a.description = "@SUM(A1:A9)"
    item_a.provider_name = "=HYPERLINK(1)"
    item_a.save()
    response = client.get(reverse("inventory:export", args=[inventory_module.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[1][1] == "'@SUM(A1:A9)"
    assert "'=HYPERLINK(1)" in values[1]


def test_an_unknown_export_format_is_not_found(client, inventory_module):
    assert client.get(reverse("inventory:export", args=[inventory_module.pk, "pdf"])).status_code == 404


# -- staff forms -------------------------------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {
        "title": "Lesepaten",
        "description": "Vorlesen in der Kita.",
        "provider_kind": "club",
        "provider_name": "Bibliotheksverein",
        "status": "running",
        "since": "2019",
        "until": "",
        "funding": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "link": "",
    }
    data.update(changes)
    return data


def test_town_staff_add_an_entry_for_their_town(client_for, inventory_module, staff_a, town_a, vocabularies):
    client = client_for(staff_a)
    url = reverse("inventory:create", args=[inventory_module.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(municipalities=[town_a.pk]))
    item = InventoryItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert list(item.municipalities.all()) == [town_a]
    assert item.since_display == "2019"
    assert item.created_by == staff_a


def test_town_staff_cannot_add_entries_for_other_towns_or_the_whole_association(
    client_for, inventory_module, staff_a, town_b
):
    client = client_for(staff_a)
    url = reverse("inventory:create", args=[inventory_module.pk])
    assert client.post(url, form_data(municipalities=[town_b.pk])).status_code == 200
    assert client.post(url, form_data()).status_code == 200
    assert InventoryItem.objects.count() == 0


def test_a_moderator_adds_an_entry_for_the_whole_association(client_for, inventory_module, moderator):
    response = client_for(moderator).post(reverse("inventory:create", args=[inventory_module.pk]), form_data())
    assert response.status_code == 302
    assert InventoryItem.objects.get().municipalities.count() == 0


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client_for, inventory_module, moderator):
    response = client_for(moderator).post(
        reverse("inventory:create", args=[inventory_module.pk]),
        form_data(since="2020", until="15.03.2019", contact_email="kaputt"),
    )
    form = response.context["form"]
    assert set(form.errors) == {"until", "contact_email"}
    assert 'value="Lesepaten"' in response.content.decode()
    assert InventoryItem.objects.count() == 0


def test_a_bad_year_is_refused(client_for, inventory_module, moderator):
    response = client_for(moderator).post(
        reverse("inventory:create", args=[inventory_module.pk]), form_data(since="irgendwann")
    )
    assert "since" in response.context["form"].errors


def test_staff_edit_an_entry_of_their_town(client_for, inventory_module, staff_a, item_a, town_a):
    client = client_for(staff_a)
    url = reverse("inventory:edit", args=[inventory_module.pk, item_a.pk])
    response = client.get(url)
    assert response.context["form"].initial["title"] == "Seniorentreff am Markt"
    response = client.post(url, form_data(title="Seniorentreff neu", municipalities=[town_a.pk], status="ended"))
    assert response.status_code == 302
    item_a.refresh_from_db()
    assert (item_a.title, item_a.status) == ("Seniorentreff neu", "ended")


def test_staff_of_another_town_cannot_edit_or_delete(client_for, inventory_module, staff_b, item_a):
    client = client_for(staff_b)
    assert client.get(reverse("inventory:edit", args=[inventory_module.pk, item_a.pk])).status_code == 403
    assert client.post(reverse("inventory:delete", args=[inventory_module.pk, item_a.pk])).status_code == 403
    assert InventoryItem.objects.filter(pk=item_a.pk).exists()


def test_staff_delete_an_entry_after_confirming(client_for, inventory_module, staff_a, item_a):
    client = client_for(staff_a)
    url = reverse("inventory:delete", args=[inventory_module.pk, item_a.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not InventoryItem.objects.filter(pk=item_a.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in_for_the_form(client, inventory_module):
    response = client.get(reverse("inventory:create", args=[inventory_module.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


# -- import page -------------------------------------------------------------------------------------


def upload(client, module, data: bytes, name: str = "bestand.csv"):
    return client.post(reverse("inventory:import", args=[module.pk]), {"file": SimpleUploadedFile(name, data)})


def test_the_import_page_lists_the_columns_and_allowed_values(client_for, inventory_module, moderator, town_a):
    response = client_for(moderator).get(reverse("inventory:import", args=[inventory_module.pk]))
    content = response.content.decode()
    assert "14523020" in content
    assert "Begegnung, Beratung und Selbsthilfe" in content


def test_a_file_with_an_error_imports_nothing_and_lists_the_error(client_for, inventory_module, moderator, town_a):
    rows = [GOOD_ROWS[0], GOOD_ROWS[2], row(Title="Drittes", Towns="Plauen")]
    response = upload(client_for(moderator), inventory_module, csv_bytes(rows))
    assert response.status_code == 422
    problem = response.context["problems"][0]
    assert (problem.row, problem.column_letter, problem.column_label) == (4, "C", "Towns")
    assert "Plauen" in response.content.decode()
    assert InventoryItem.objects.count() == 0


def test_a_correct_file_is_imported_completely(client_for, inventory_module, moderator, town_a, town_b):
    response = upload(client_for(moderator), inventory_module, xlsx_bytes(GOOD_ROWS), name="bestand.xlsx")
    assert response.status_code == 302
    assert InventoryItem.objects.count() == 3
    assert InventoryItem.objects.filter(created_by=moderator).count() == 3


def test_town_staff_importing_another_towns_rows_import_nothing(client_for, inventory_module, staff_b, town_a):
    response = upload(client_for(staff_b), inventory_module, csv_bytes([GOOD_ROWS[0]]))
    assert response.status_code == 422
    assert InventoryItem.objects.count() == 0


def test_the_templates_are_for_staff_only(client, client_for, inventory_module, staff_a, participant):
    url = reverse("inventory:template", args=[inventory_module.pk, "xlsx"])
    assert client_for(participant).get(url).status_code == 403
    response = client_for(staff_a).get(url)
    assert response.status_code == 200
    assert len(load_workbook(io.BytesIO(response.content)).worksheets) == 2
    csv_response = client_for(staff_a).get(reverse("inventory:template", args=[inventory_module.pk, "csv"]))
    assert csv_response.content.decode("utf-8-sig").strip().split(";") == HEADER or csv_response.status_code == 200


def test_the_xlsx_templates_guide_guards_a_vocabulary_word_against_formulas(
    client_for, inventory_module, vocabularies, staff_a
):
    from zukunftswerkstatt.core.models import Topic

    Topic.objects.filter(pk=vocabularies["topics"]["Ehrenamt"].pk).update(name="=HYPERLINK(1)")
    response = client_for(staff_a).get(reverse("inventory:template", args=[inventory_module.pk, "xlsx"]))
    guide = load_workbook(io.BytesIO(response.content)).worksheets[1]
    values = {cell.value for row in guide.iter_rows() for cell in row}
    assert "'=HYPERLINK(1)" in values
    assert "=HYPERLINK(1)" not in values
    assert all(cell.data_type != "f" for row in guide.iter_rows() for cell in row)


# -- suggestions -------------------------------------------------------------------------------------


def suggestion_data(**changes) -> dict:
    return {"title": "Lauftreff", "description": "Samstags am Stausee.", "municipality": "", **changes}


def test_a_guest_suggests_a_missing_offer(client, inventory_module, town_a):
    url = reverse("inventory:suggest", args=[inventory_module.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, suggestion_data(municipality=town_a.pk, author_name="Erika"))
    assert response.status_code == 302
    suggestion = InventorySuggestion.objects.get()
    assert (suggestion.municipality, suggestion.author_name, suggestion.status) == (town_a, "Erika", "pending")


def test_the_honeypot_stops_software_that_fills_in_everything(client, inventory_module):
    response = client.post(
        reverse("inventory:suggest", args=[inventory_module.pk]), suggestion_data(website="http://spam")
    )
    assert response.status_code == 200
    assert InventorySuggestion.objects.count() == 0


def test_guests_are_rate_limited(client, inventory_module):
    url = reverse("inventory:suggest", args=[inventory_module.pk])
    for n in range(5):
        assert client.post(url, suggestion_data(title=f"Vorschlag {n}")).status_code == 302
    assert client.post(url, suggestion_data(title="Einer zu viel")).status_code == 200
    assert InventorySuggestion.objects.count() == 5


def test_suggestions_can_be_switched_off(client, client_for, inventory_module, org_admin):
    response = client_for(org_admin).post(reverse("inventory:settings", args=[inventory_module.pk]), {})
    assert response.status_code == 302
    inventory_module.refresh_from_db()
    assert inventory_module.settings["suggestions_open"] is False
    client.logout()
    assert client.get(reverse("inventory:suggest", args=[inventory_module.pk])).status_code == 403


def test_staff_accept_a_suggestion_into_the_inventory(client_for, inventory_module, moderator, participant, town_a):
    suggestion = InventorySuggestionFactory(module=inventory_module, author=participant, municipality=town_a)
    client = client_for(moderator)
    assert suggestion.title in client.get(reverse("inventory:suggestions", args=[inventory_module.pk])).content.decode()
    url = reverse("inventory:create", args=[inventory_module.pk]) + f"?suggestion={suggestion.pk}"
    response = client.get(url)
    assert response.context["form"].initial["title"] == suggestion.title
    response = client.post(url, form_data(title=suggestion.title, municipalities=[town_a.pk]))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.item.title == suggestion.title


def test_staff_decline_a_suggestion(client_for, inventory_module, staff_a):
    suggestion = InventorySuggestionFactory(module=inventory_module)
    response = client_for(staff_a).post(
        reverse("inventory:suggestion_decline", args=[inventory_module.pk, suggestion.pk]), {"reason": "Gibt es nicht"}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decline_reason, suggestion.decided_by) == (
        "declined",
        "Gibt es nicht",
        staff_a,
    )


def test_a_file_that_is_too_large_is_refused_on_the_page(client_for, inventory_module, moderator, settings):
    from zukunftswerkstatt.inventory import importer

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    data = csv_bytes([GOOD_ROWS[2]]) + b"x" * importer.MAX_UPLOAD_BYTES
    response = upload(client_for(moderator), inventory_module, data)
    assert response.status_code == 422
    assert response.context["problems"][0].row is None
    assert InventoryItem.objects.count() == 0


def test_the_detail_page_shows_the_swot_statements_citing_the_entry(
    client, inventory_module, item_a, profile_phase, django_assert_num_queries
):
    from zukunftswerkstatt.processes.services import module_create
    from zukunftswerkstatt.swot.models import SwotItem

    swot = module_create(phase=profile_phase, type="swot", title="SWOT")
    statement = SwotItem.objects.create(module=swot, quadrant="strength", statement="Starke Seniorenarbeit")
    statement.inventory_items.add(item_a)
    client.get(item_a.get_absolute_url())
    # module, entry, its towns, its target groups, the SWOT statements, the header's organisation
    with django_assert_num_queries(6):
        response = client.get(item_a.get_absolute_url())
    assert "Starke Seniorenarbeit" in response.content.decode()
