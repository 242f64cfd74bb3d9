"""The moves into the conversation app keep the data: rows written under the old models are found,
with their links, under the new ones after migrating forward (SQLite here; the same test runs on
PostgreSQL with DATABASE_URL set)."""

from __future__ import annotations

import datetime as dt

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
    old = back_to([("ideas", "0008_idea_swot_items"), ("conversation", None)])
    org, alice, mod = _people_and_organisation(old)
    OldBlock = old.get_model("ideas", "Block")
    block = OldBlock.objects.create(organisation=org, user=alice, reason="Beleidigungen", blocked_by=mod)

    new = _migrate([("ideas", "0009_block_to_conversation")])

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


def test_swot_comments_and_their_reports_move_to_conversation(back_to):
    old = back_to([("swot", "0005_swotitem_ideas_declared_on_idea"), ("conversation", "0001_initial")])
    org, alice, mod = _people_and_organisation(old)
    Process = old.get_model("processes", "Process")
    Phase = old.get_model("processes", "Phase")
    Module = old.get_model("processes", "Module")
    SwotItem = old.get_model("swot", "SwotItem")
    SwotComment = old.get_model("swot", "SwotComment")
    SwotCommentReport = old.get_model("swot", "SwotCommentReport")
    process = Process.objects.create(organisation=org, title="Zukunft", slug="zukunft")
    phase = Phase.objects.create(process=process, type="profile", start=_now(), end=_now() + dt.timedelta(days=30))
    module = Module.objects.create(phase=phase, type="swot", title="SWOT")
    item = SwotItem.objects.create(module=module, quadrant="strength", statement="Gute Schulen", comment_count=1)
    other = SwotItem.objects.create(module=module, quadrant="threat", statement="Wenig Busse", comment_count=0)
    kept = SwotComment.objects.create(item=item, author=alice, text="Stimmt.")
    hidden = SwotComment.objects.create(
        item=other, author=alice, text="Frech", is_hidden=True, hidden_reason="Beleidigung", hidden_by=mod
    )
    SwotCommentReport.objects.create(comment=hidden, reporter=alice, reason="Bitte prüfen", resolved_by=mod)
    SwotCommentReport.objects.create(comment=kept, reason="Anonym gemeldet")

    new = _migrate([("swot", "0006_comments_to_conversation")])

    Comment = new.get_model("conversation", "Comment")
    CommentReport = new.get_model("conversation", "CommentReport")
    ContentType = new.get_model("contenttypes", "ContentType")
    item_type = ContentType.objects.get(app_label="swot", model="swotitem")
    moved = {c.text: c for c in Comment.objects.all()}
    assert set(moved) == {"Stimmt.", "Frech"}
    assert {(c.content_type_id, c.object_id) for c in moved.values()} == {
        (item_type.pk, item.pk),
        (item_type.pk, other.pk),
    }
    assert moved["Stimmt."].object_id == item.pk
    assert moved["Stimmt."].created == kept.created
    assert (moved["Frech"].is_hidden, moved["Frech"].hidden_reason, moved["Frech"].hidden_by_id) == (
        True,
        "Beleidigung",
        mod.pk,
    )
    reports = {r.reason: r for r in CommentReport.objects.all()}
    assert reports["Bitte prüfen"].comment_id == moved["Frech"].pk
    assert reports["Bitte prüfen"].reporter_id == alice.pk
    assert reports["Bitte prüfen"].resolved_by_id == mod.pk
    assert reports["Anonym gemeldet"].comment_id == moved["Stimmt."].pk
    assert reports["Anonym gemeldet"].reporter_id is None


def _now():
    return dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
