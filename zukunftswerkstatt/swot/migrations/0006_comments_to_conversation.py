"""Comments on SWOT items moved to the shared conversation app: every SwotComment becomes a
conversation.Comment on its item (new ids), every SwotCommentReport a CommentReport of the moved
comment; then the old tables are dropped. The items' stored comment counts stay as they are."""

from django.db import migrations


def _keep_timestamps(*models):
    """Let the copies keep their dates: the historical models would set created/modified to now."""
    for model in models:
        for field in model._meta.fields:
            if field.name in ("created", "modified"):
                field.auto_now = field.auto_now_add = False


def move_comments(apps, schema_editor):
    db = schema_editor.connection.alias
    SwotComment = apps.get_model("swot", "SwotComment")
    SwotCommentReport = apps.get_model("swot", "SwotCommentReport")
    Comment = apps.get_model("conversation", "Comment")
    CommentReport = apps.get_model("conversation", "CommentReport")
    ContentType = apps.get_model("contenttypes", "ContentType")
    _keep_timestamps(Comment, CommentReport)
    if not SwotComment.objects.using(db).exists():
        return
    item_type, _created = ContentType.objects.using(db).get_or_create(app_label="swot", model="swotitem")
    new_ids = {}
    for old in SwotComment.objects.using(db).order_by("pk").iterator():
        new = Comment.objects.using(db).create(
            content_type=item_type,
            object_id=old.item_id,
            author_id=old.author_id,
            text=old.text,
            is_hidden=old.is_hidden,
            hidden_reason=old.hidden_reason,
            hidden_at=old.hidden_at,
            hidden_by_id=old.hidden_by_id,
            created=old.created,
            modified=old.modified,
        )
        new_ids[old.pk] = new.pk
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
        for old in SwotCommentReport.objects.using(db).order_by("pk")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('swot', '0005_swotitem_ideas_declared_on_idea'),
        ('conversation', '0002_comment'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # Forward only: the old tables are gone afterwards.
        migrations.RunPython(move_comments, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='swotcommentreport',
            name='comment',
        ),
        migrations.RemoveField(
            model_name='swotcommentreport',
            name='reporter',
        ),
        migrations.RemoveField(
            model_name='swotcommentreport',
            name='resolved_by',
        ),
        migrations.DeleteModel(
            name='SwotComment',
        ),
        migrations.DeleteModel(
            name='SwotCommentReport',
        ),
    ]
