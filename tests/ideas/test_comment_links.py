"""The comment's links follow the permissions (asked of has_perm by the view), not the template's own logic."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.ideas.factories import CommentFactory
from tests.ideas.helpers import url
from zukunftswerkstatt.ideas import services

pytestmark = pytest.mark.django_db


def test_the_edit_link_is_shown_exactly_to_those_the_rules_let_edit(client_for, idea, ideas_module, moderator):
    author = UserFactory()
    comment = CommentFactory(idea=idea, author=author, text="Mein Kommentar")
    edit = url("comment_edit", ideas_module, idea, comment_pk=comment.pk)

    def shows_edit(person) -> bool:
        return edit in client_for(person).get(idea.get_absolute_url()).content.decode()

    assert author.has_perm("ideas.change_comment", comment)
    assert shows_edit(author)
    assert not shows_edit(UserFactory())
    services.user_block(module=ideas_module, user=author, by=moderator, reason="Beleidigungen")
    author = type(author).objects.get(pk=author.pk)  # a fresh object: the blocks are cached per request
    assert not author.has_perm("ideas.change_comment", comment)
    assert not shows_edit(author)
