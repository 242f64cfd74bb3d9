"""The moves into the conversation app keep the data: rows written under the old models are found,
with their links, under the new ones after migrating forward (SQLite here; the same test runs on
PostgreSQL with DATABASE_URL set)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor._create_project_state(with_applied_migrations=True).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def back_to():
    """Migrate back to the given nodes; forward to the latest state again afterwards."""

    def go(targets):
        return _migrate(targets)

    yield go
    _migrate(_latest())


def _people_and_organisation(apps):
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("core", "Organisation")
    org = Organisation.objects.create(name="Göltzschtal", slug="goeltzschtal")
    alice = User.objects.create(email="alice@example.org")
    mod = User.objects.create(email="mod@example.org")
    return org, alice, mod


def test_blocks_move_to_conversation_with_their_ids(back_to):
    old = back_to([("ideas", "0007_offlinecontact_scan_name"), ("conversation", None)])
    org, alice, mod = _people_and_organisation(old)
    OldBlock = old.get_model("ideas", "Block")
    block = OldBlock.objects.create(organisation=org, user=alice, reason="Beleidigungen", blocked_by=mod)

    new = _migrate([("ideas", "0008_block_to_conversation")])

    Block = new.get_model("conversation", "Block")
    moved = Block.objects.get()
    assert (moved.pk, moved.organisation_id, moved.user_id, moved.blocked_by_id, moved.reason) == (
        block.pk,
        org.pk,
        alice.pk,
        mod.pk,
        "Beleidigungen",
    )
    # New rows continue after the copied ids (the sequence was reset on PostgreSQL).
    User = new.get_model("accounts", "User")
    bob = User.objects.create(email="bob@example.org")
    assert Block.objects.create(organisation_id=org.pk, user=bob, reason="Spam").pk > block.pk
