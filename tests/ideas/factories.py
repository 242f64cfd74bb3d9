"""Factories for the idea collection. They build through the services, so that counts,
follows and search text are what the real code would have made of them."""

from __future__ import annotations

import factory

from tests.factories import UserFactory
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea, Kind


class IdeaFactory(factory.Factory):
    """`IdeaFactory(module=...)`; `author=None` makes a guest's contribution (waiting for moderation)."""

    class Meta:
        model = Idea

    module = None
    author = factory.SubFactory(UserFactory)
    kind = Kind.PROPOSAL
    title = factory.Sequence(lambda n: f"Beitrag {n}")
    text = "Eine Bank am Marktplatz wäre schön, damit Ältere sich ausruhen können."

    @classmethod
    def _create(cls, model_class, **kwargs) -> Idea:
        return services.idea_create(**kwargs)


class CommentFactory(factory.Factory):
    class Meta:
        model = Comment

    idea = None
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Kommentar {n}: Das sehe ich auch so.")
    parent = None

    @classmethod
    def _create(cls, model_class, **kwargs) -> Comment:
        return services.comment_create(**kwargs)
