"""Many organisations on one installation (issue 17, docs/organisations.md): each on a host name of
its own, with its own name, legal pages and sender on every page and mail of that host; the host
names are checked, and only platform administrators set them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from zukunftswerkstatt.core.mail import mail_from
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.core.selectors import organisation_for_host
from zukunftswerkstatt.core.services import organisation_create

pytestmark = pytest.mark.django_db

HOSTS = ["beteiligung.auerbach.example", "mitmachen.plauen.example", "platform.example", "127.0.0.1", "testserver"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _hosts_allowed(settings):
    settings.ALLOWED_HOSTS = HOSTS
    settings.SITE_URL = "https://platform.example"


@pytest.fixture
def auerbach():
    organisation = organisation_create(name="Stadt Auerbach", slug="auerbach")
    organisation.host = "beteiligung.auerbach.example"
    organisation.full_clean()
    organisation.save()
    return organisation


@pytest.fixture
def plauen():
    organisation = organisation_create(name="Stadt Plauen", slug="plauen")
    organisation.host = "mitmachen.plauen.example"
    organisation.mail_from_address = "beteiligung@plauen.example"
    organisation.full_clean()
    organisation.save()
    return organisation


def test_each_host_shows_its_own_organisation_and_the_platform_lists_them_all(auerbach, plauen):
    own = Client(HTTP_HOST="beteiligung.auerbach.example").get("/").content.decode()
    assert "Stadt Auerbach" in own
    assert "Stadt Plauen" not in own
    other = Client(HTTP_HOST="mitmachen.plauen.example").get("/").content.decode()
    assert "Stadt Plauen" in other
    assert "Stadt Auerbach" not in other
    platform = Client(HTTP_HOST="127.0.0.1").get("/").content.decode()
    assert "Stadt Auerbach" in platform
    assert "Stadt Plauen" in platform


def test_every_page_of_a_host_carries_its_organisation_s_name_and_legal_pages(auerbach, plauen):
    """Pages whose address names no organisation (here the login) still show whose site it is."""
    page = Client(HTTP_HOST="beteiligung.auerbach.example").get(reverse("account_login")).content.decode()
    assert reverse("core:legal", args=["auerbach", "imprint"]) in page
    assert reverse("core:legal", args=["auerbach", "privacy"]) in page
    assert "plauen" not in page


def test_the_host_is_matched_without_port_and_case(auerbach):
    assert organisation_for_host("Beteiligung.Auerbach.example:443") == auerbach
    assert organisation_for_host("unknown.example") is None


def test_a_host_of_nobody_costs_no_query(auerbach, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert organisation_for_host("127.0.0.1:8000") is None


def test_a_host_must_be_allowed_well_formed_unique_and_not_the_platform_s(auerbach, settings):
    organisation = organisation_create(name="Stadt Rodewisch", slug="rodewisch")
    for host, says in [
        ("https://rodewisch.example/", "no https://"),
        ("rodewisch.example", "ALLOWED_HOSTS"),
        ("platform.example", "platform's own address"),
        ("beteiligung.auerbach.example", "has this host name already"),
    ]:
        organisation.host = host
        with pytest.raises(ValidationError) as refused:
            organisation.full_clean()
        assert says in str(refused.value), (host, refused.value)
    settings.ALLOWED_HOSTS = [*HOSTS, ".example"]
    organisation.host = "Beteiligung.Rodewisch.Example."
    organisation.full_clean()
    assert organisation.host == "beteiligung.rodewisch.example"


def test_an_organisation_s_mails_come_from_its_own_sender(plauen, auerbach, settings):
    settings.DEFAULT_FROM_EMAIL = "Zukunftswerkstatt <beteiligung@platform.example>"
    assert mail_from(plauen).endswith("<beteiligung@plauen.example>")
    assert "Stadt Plauen" in mail_from(plauen)
    assert mail_from(auerbach).endswith("<beteiligung@platform.example>")


def test_only_platform_administrators_set_host_and_sender(auerbach, client_for, platform_admin):
    from tests.factories import MembershipFactory
    from zukunftswerkstatt.accounts.models import Role

    admin = MembershipFactory(organisation=auerbach, role=Role.ADMIN, user__email="admin@auerbach.example").user
    change = reverse("admin:core_organisation_change", args=[auerbach.pk])
    page = client_for(admin).get(change).content.decode()
    assert 'name="host"' not in page
    assert "beteiligung.auerbach.example" in page  # shown, not editable
    page = client_for(platform_admin).get(change).content.decode()
    assert 'name="host"' in page
    assert 'name="mail_from_address"' in page


def test_a_new_host_is_known_at_once_in_the_process_that_saved_it(auerbach):
    auerbach.host = "mitmachen.auerbach.example"
    auerbach.save()
    assert organisation_for_host("mitmachen.auerbach.example") == auerbach
    assert organisation_for_host("beteiligung.auerbach.example") is None
    Organisation.objects.filter(pk=auerbach.pk).delete()
    assert organisation_for_host("mitmachen.auerbach.example") is None


def test_a_page_whose_address_names_no_organisation_carries_its_organisation_s_frame(auerbach, plauen):
    """On the platform's own host, with many organisations, an idea list still shows whose it is."""
    from django.utils import timezone

    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

    process = process_create_from_blueprint(
        organisation=plauen, title="Plauen 2040", slug="plauen-2040", theme="Wandel", start=timezone.now(),
        is_published=True,
    )  # fmt: skip
    module = module_create(phase=process.phases.get(type="workshop"), type="ideas", title="Ideen", settings={})
    page = Client(HTTP_HOST="127.0.0.1").get(module.get_absolute_url()).content.decode()
    assert reverse("core:legal", args=["plauen", "imprint"]) in page
    assert reverse("core:legal", args=["auerbach", "imprint"]) not in page
