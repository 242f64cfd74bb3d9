"""factory_boy factories. Build through services where a service exists, so tests see real rows."""

from __future__ import annotations

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from zukunftswerkstatt.accounts.models import Membership, Role, User
from zukunftswerkstatt.core.models import Municipality, Organisation
from zukunftswerkstatt.processes.models import Module, Phase, Process

PASSWORD = "Test-Passwort-2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Städteverbund {n}")
    slug = factory.Sequence(lambda n: f"verbund-{n}")
    contact_phone = "03744 123456"
    contact_email = factory.LazyAttribute(lambda o: f"kontakt@{o.slug}.example")
    contact_address = "Markt 1\n08209 Musterstadt"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Stadt {n}")
    ags = factory.Sequence(lambda n: f"{14523000 + n:08d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MODERATOR
    municipality = None


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Prozess {n}")
    slug = factory.Sequence(lambda n: f"prozess-{n}")
    theme = "Demografischer Wandel"
    blueprint = "zukunftswerkstatt"
    is_published = True


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    type = "workshop"
    start = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    end = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    phase = factory.SubFactory(PhaseFactory)
    type = "information"
    title = factory.Sequence(lambda n: f"Information {n}")
    description = "Text"
