"""Comments on contributions moved to the shared conversation app: every ideas.Comment becomes a
conversation.Comment on its contribution (new ids, replies keep their parent), every report of a
comment a CommentReport of the moved comment, and the moderation log points at the moved comments.
ideas.Report keeps the reports of contributions only; then the old table is dropped. The
contributions' stored comment counts stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


def _keep_timestamps(*models):
    """Let the copies keep their dates: the historical models would set created/modified to now."""
    for model in models:
        for field in model._meta.fields:
            if field.name in ("created", "modified"):
                field.auto_now = field.auto_now_add = False


def move_comments(apps, schema_editor):
    db = schema_editor.connection.alias
    OldComment = apps.get_model("ideas", "Comment")
    Report = apps.get_model("ideas", "Report")
    ModerationLogEntry = apps.get_model("ideas", "ModerationLogEntry")
    Comment = apps.get_model("conversation", "Comment")
    CommentReport = apps.get_model("conversation", "CommentReport")
    ContentType = apps.get_model("contenttypes", "ContentType")
    _keep_timestamps(Comment, CommentReport)
    if not OldComment.objects.using(db).exists():
        return
    idea_type, _created = ContentType.objects.using(db).get_or_create(app_label="ideas", model="idea")
    new_ids = {}
    # Top-level comments first, so that every reply's parent has its new id already.
    for old in OldComment.objects.using(db).order_by(models.F("parent_id").asc(nulls_first=True), "pk").iterator():
        new = Comment.objects.using(db).create(
            content_type=idea_type,
            object_id=old.idea_id,
            parent_id=new_ids[old.parent_id] if old.parent_id else None,
            author_id=old.author_id,
            text=old.text,
            is_deleted=old.is_deleted,
            is_hidden=old.is_hidden,
            hidden_reason=old.hidden_reason,
            edited_at=old.edited_at,
            moderator_note=old.moderator_note,
            created=old.created,
            modified=old.modified,
        )
        new_ids[old.pk] = new.pk
    comment_reports = Report.objects.using(db).filter(comment__isnull=False)
    CommentReport.objects.using(db).bulk_create(
        CommentReport(
            comment_id=new_ids[old.comment_id],
            reporter_id=old.reporter_id,
            reason=old.reason,
            resolved_at=old.resolved_at,
            resolved_by_id=old.resolved_by_id,
            created=old.created,
            modified=old.modified,
        )
        for old in comment_reports.order_by("pk")
    )
    comment_reports.delete()
    for entry in ModerationLogEntry.objects.using(db).filter(comment__isnull=False).only("pk", "comment_id"):
        ModerationLogEntry.objects.using(db).filter(pk=entry.pk).update(moved_comment_id=new_ids[entry.comment_id])
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys of the rows written here now: PostgreSQL refuses to alter
        # conversation_comment's referencing tables below while their checks are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0009_block_to_conversation"),
        ("conversation", "0002_comment"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="moderationlogentry",
            name="moved_comment",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="conversation.comment",
            ),
        ),
        # Forward only: the old table is gone afterwards.
        migrations.RunPython(move_comments, migrations.RunPython.noop),
        migrations.RemoveField(model_name="moderationlogentry", name="comment"),
        migrations.RenameField(model_name="moderationlogentry", old_name="moved_comment", new_name="comment"),
        migrations.RemoveConstraint(model_name="report", name="report_targets_one_thing"),
        migrations.RemoveField(model_name="report", name="comment"),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(idea__isnull=False), name="report_targets_a_contribution"
            ),
        ),
        migrations.DeleteModel(name="Comment"),
    ]
