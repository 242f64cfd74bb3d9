"""Factories for the SWOT analysis. They build through the services, so that positions, counts
and checks are what the real code would have made of them."""

from __future__ import annotations

import factory

from tests.factories import UserFactory
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.swot import services
from zukunftswerkstatt.swot.models import Quadrant, SwotItem, SwotSuggestion


class SwotItemFactory(factory.Factory):
    """`SwotItemFactory(module=...)`; municipality None is the whole association."""

    class Meta:
        model = SwotItem

    module = None
    quadrant = Quadrant.STRENGTH
    statement = factory.Sequence(lambda n: f"Aussage {n}")
    explanation = "Begründung mit **Belegen**."

    @classmethod
    def _create(cls, model_class, **kwargs) -> SwotItem:
        return services.swot_item_create(**kwargs)


class SwotCommentFactory(factory.Factory):
    class Meta:
        model = Comment

    item = None
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Kommentar {n}: Das sehe ich auch so.")

    @classmethod
    def _create(cls, model_class, **kwargs) -> Comment:
        return services.swot_comment_create(**kwargs)


class SwotSuggestionFactory(factory.Factory):
    class Meta:
        model = SwotSuggestion

    module = None
    quadrant = Quadrant.OPPORTUNITY
    statement = factory.Sequence(lambda n: f"Vorschlag {n}")
    explanation = "Weil es so ist."

    @classmethod
    def _create(cls, model_class, **kwargs) -> SwotSuggestion:
        return services.swot_suggestion_create(**kwargs)
