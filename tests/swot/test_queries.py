"""The SWOT pages make a fixed number of queries, however many items, pieces of evidence and comments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.ideas.factories import IdeaFactory
from tests.swot.factories import SwotCommentFactory, SwotItemFactory
from zukunftswerkstatt.core.documents import document_build_task
from zukunftswerkstatt.inventory.services import item_create as inventory_item_create
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.swot.models import PdfScope, PdfStatus, Quadrant, SwotPdf
from zukunftswerkstatt.swot.services import DocumentRef, IndicatorRef

pytestmark = pytest.mark.django_db

# The module (with phase, process, organisation), the towns (scope switcher), the items, and one
# prefetch each for inventory entries, contributions, indicators and their towns, documents; for the
# cited figures the organisation's towns and the demography page's address; the organisation for the
# site header. Logged in: + session, user, memberships, blocks, Django's two permission look-ups.
# The demography data set is read once per page besides; how many queries that takes is the
# demography app's business (three or four, by database), so it is counted apart.
MATRIX_QUERIES = {"anonymous": 11, "participant": 17}


@pytest.fixture
def evidence(process, participant, swot_module):
    inventory = module_create(phase=swot_module.phase, type="inventory", title="Bestandsaufnahme", position=1)
    ideas_module = module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen",
        settings={"open_kinds": ["criticism", "vision", "proposal"]},
    )
    return {
        "inventory": [inventory_item_create(module=inventory, created_by=None, title=f"Angebot {n}") for n in range(3)],
        "ideas": [IdeaFactory(module=ideas_module, author=participant, title=f"Idee {n}") for n in range(3)],
    }


def fill(module, town, evidence, people, times: int) -> None:
    """`times` × one item per quadrant for the association and for the town, each with all kinds of evidence."""
    for _ in range(times):
        for scope in (None, town):
            for quadrant in Quadrant.values:
                item = SwotItemFactory(
                    module=module,
                    municipality=scope,
                    quadrant=quadrant,
                    inventory_items=evidence["inventory"][:2],
                    ideas=evidence["ideas"][:2],
                    indicators=[IndicatorRef(key="population"), IndicatorRef(key="share_65_plus", municipality=town)],
                    documents=[
                        DocumentRef("Studie", "https://studie.example"),
                        DocumentRef("Tabelle", "https://t.example"),
                    ],
                )
                for person in people:
                    SwotCommentFactory(item=item, author=person)


def count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def own_and_demography(client, address) -> tuple[int, int]:
    """The page's own queries and those of the demography app's data set."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    demography = sum('"demography_' in q["sql"] for q in queries.captured_queries)
    return len(queries) - demography, demography


@pytest.fixture
def visitors(participant):
    logged_in = Client()
    logged_in.force_login(participant)
    return {"anonymous": Client(), "participant": logged_in}


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_the_matrix_makes_the_same_few_queries_with_three_times_the_items(
    who, visitors, swot_module, town_a, evidence, participant, moderator
):
    client = visitors[who]
    fill(swot_module, town_a, evidence, [participant, moderator], times=1)
    base = reverse("swot:matrix", args=[swot_module.pk])
    pages = [base, f"{base}?scope={town_a.pk}"]
    small = [count(client, page) for page in pages]
    fill(swot_module, town_a, evidence, [participant, moderator], times=2)
    assert [count(client, page) for page in pages] == small
    own, demography = own_and_demography(client, base)
    assert own == MATRIX_QUERIES[who]
    assert 1 <= demography <= 5


def test_the_detail_page_makes_the_same_few_queries_with_more_comments(
    visitors, swot_module, town_a, evidence, participant, moderator
):
    client = visitors["participant"]
    fill(swot_module, town_a, evidence, [participant], times=1)
    from zukunftswerkstatt.swot.models import SwotItem

    item = SwotItem.objects.filter(module=swot_module).first()
    small = count(client, item.get_absolute_url())
    for person in [participant, moderator] * 3:
        SwotCommentFactory(item=item, author=person)
    assert count(client, item.get_absolute_url()) == small


def test_the_pdf_of_every_scope_makes_the_same_few_queries_with_more_items(swot_module, town_a, evidence, participant):
    """The background task that makes the PDF (rendering, storing, pruning the old ones)."""

    def make() -> int:
        pdf = SwotPdf.objects.create(module=swot_module, scope=PdfScope.EVERY)
        with CaptureQueriesContext(connection) as queries:
            document_build_task.call(document="swot.swotpdf", pk=pdf.pk)
        pdf.refresh_from_db()
        assert pdf.status == PdfStatus.DONE, pdf.error
        return len(queries)

    fill(swot_module, town_a, evidence, [participant], times=1)
    small = make()
    fill(swot_module, town_a, evidence, [participant], times=2)
    assert make() == small
