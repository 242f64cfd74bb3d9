"""Factories for the action plan; they build through the services like the real code does."""

from __future__ import annotations

import factory

from tests.factories import UserFactory
from zukunftswerkstatt.plans import services
from zukunftswerkstatt.plans.models import Measure


class MeasureFactory(factory.Factory):
    """`MeasureFactory(process=...)`: a measure with an owner and a contact, ready for adoption."""

    class Meta:
        model = Measure

    process = None
    by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Sitzbänke entlang der Göltzsch, damit Ältere Pausen machen können."
    goal = "Mehr Aufenthaltsqualität für alle Generationen."
    responsible_body = "Stadtverwaltung Auerbach, Bauamt"
    contact_name = "Frau Beispiel"
    contact_email = "bauamt@example.org"
    contact_phone = "03744 0000"

    @classmethod
    def _create(cls, model_class, **kwargs) -> Measure:
        return services.measure_create(**kwargs)
