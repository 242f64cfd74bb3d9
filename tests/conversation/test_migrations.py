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


def test_idea_comments_reports_and_log_entries_move_to_conversation(back_to):
    old = back_to([("ideas", "0009_block_to_conversation"), ("conversation", "0002_comment")])
    org, alice, mod = _people_and_organisation(old)
    Process = old.get_model("processes", "Process")
    Phase = old.get_model("processes", "Phase")
    Module = old.get_model("processes", "Module")
    Idea = old.get_model("ideas", "Idea")
    OldComment = old.get_model("ideas", "Comment")
    Report = old.get_model("ideas", "Report")
    LogEntry = old.get_model("ideas", "ModerationLogEntry")
    SharedComment = old.get_model("conversation", "Comment")
    ContentType = old.get_model("contenttypes", "ContentType")
    process = Process.objects.create(organisation=org, title="Zukunft", slug="zukunft")
    phase = Phase.objects.create(process=process, type="workshop", start=_now(), end=_now() + dt.timedelta(days=30))
    module = Module.objects.create(phase=phase, type="ideas", title="Ideen")
    idea = Idea.objects.create(
        module=module, reference="ZW-1", kind="proposal", title="Radweg", text="Bitte", comment_count=3
    )
    other = Idea.objects.create(
        module=module, reference="ZW-2", kind="vision", title="Busse", text="Mehr", comment_count=1
    )
    # A comment already in the shared table (on another kind of content), so that the new ids differ from the old.
    user_type, _created = ContentType.objects.get_or_create(app_label="accounts", model="user")
    SharedComment.objects.create(content_type=user_type, object_id=alice.pk, text="schon da")
    first = OldComment.objects.create(idea=idea, author=alice, text="Gute Idee")
    second = OldComment.objects.create(
        idea=idea, author=alice, text="Frech", is_hidden=True, hidden_reason="Beleidigung", moderator_note="gekürzt"
    )
    edited = _now() + dt.timedelta(hours=2)
    reply = OldComment.objects.create(idea=idea, parent=first, author=mod, text="Danke", edited_at=edited)
    OldComment.objects.create(idea=other, parent=None, author=None, text="", is_deleted=True)
    OldComment.objects.create(idea=idea, parent=second, author=alice, text="Später")
    OldComment.objects.filter(pk=first.pk).update(created=_now(), modified=_now() + dt.timedelta(hours=1))
    Report.objects.create(idea=idea, reporter=alice, reason="Doppelt")
    Report.objects.create(comment=second, reporter=alice, reason="Bitte prüfen", resolved_by=mod, resolved_at=_now())
    Report.objects.create(comment=reply, reason="Anonym gemeldet")
    LogEntry.objects.create(organisation=org, actor=mod, action="hide", comment=second, note="Beleidigung")
    LogEntry.objects.create(organisation=org, actor=mod, action="hide", idea=other, note="Werbung")

    new = _migrate([("ideas", "0010_comments_to_conversation")])

    Comment = new.get_model("conversation", "Comment")
    CommentReport = new.get_model("conversation", "CommentReport")
    NewReport = new.get_model("ideas", "Report")
    NewLogEntry = new.get_model("ideas", "ModerationLogEntry")
    idea_type = new.get_model("contenttypes", "ContentType").objects.get(app_label="ideas", model="idea")
    moved = {c.text: c for c in Comment.objects.filter(content_type=idea_type)}
    assert set(moved) == {"Gute Idee", "Frech", "Danke", "", "Später"}
    assert {old.pk for old in (first, second, reply)} != {moved[t].pk for t in ("Gute Idee", "Frech", "Danke")}
    assert [(t, moved[t].object_id) for t in sorted(moved)] == [
        ("", other.pk),
        ("Danke", idea.pk),
        ("Frech", idea.pk),
        ("Gute Idee", idea.pk),
        ("Später", idea.pk),
    ]
    assert moved["Danke"].parent_id == moved["Gute Idee"].pk
    assert moved["Später"].parent_id == moved["Frech"].pk
    assert moved["Gute Idee"].parent_id is None
    assert (moved["Gute Idee"].created, moved["Gute Idee"].modified) == (_now(), _now() + dt.timedelta(hours=1))
    assert (moved["Danke"].author_id, moved["Danke"].edited_at) == (mod.pk, edited)
    assert (moved[""].is_deleted, moved[""].author_id) == (True, None)
    assert (moved["Frech"].is_hidden, moved["Frech"].hidden_reason, moved["Frech"].moderator_note) == (
        True,
        "Beleidigung",
        "gekürzt",
    )
    assert Comment.objects.exclude(content_type=idea_type).get().text == "schon da"

    reports = {r.reason: r for r in CommentReport.objects.all()}
    assert set(reports) == {"Bitte prüfen", "Anonym gemeldet"}
    assert (reports["Bitte prüfen"].comment_id, reports["Bitte prüfen"].reporter_id) == (moved["Frech"].pk, alice.pk)
    assert (reports["Bitte prüfen"].resolved_by_id, reports["Bitte prüfen"].resolved_at) == (mod.pk, _now())
    assert (reports["Anonym gemeldet"].comment_id, reports["Anonym gemeldet"].reporter_id) == (moved["Danke"].pk, None)
    # ideas.Report keeps the reports of contributions only.
    assert [(r.idea_id, r.reason) for r in NewReport.objects.all()] == [(idea.pk, "Doppelt")]
    log = {e.note: e for e in NewLogEntry.objects.all()}
    assert (log["Beleidigung"].comment_id, log["Beleidigung"].idea_id) == (moved["Frech"].pk, None)
    assert (log["Werbung"].comment_id, log["Werbung"].idea_id) == (None, other.pk)
