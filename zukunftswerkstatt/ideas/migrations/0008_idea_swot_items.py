# SwotItem.ideas (swot 0001) declared from this side as Idea.swot_items, in the same table
# swot_swotitem_ideas with the same columns (swotitem_id, idea_id): state only, the rows stay.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0007_offlinecontact_scan_name"),
        ("swot", "0005_swotitem_ideas_declared_on_idea"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="idea",
                    name="swot_items",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="swot_swotitem_ideas",
                        related_name="ideas",
                        to="swot.swotitem",
                        verbose_name="SWOT items",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
