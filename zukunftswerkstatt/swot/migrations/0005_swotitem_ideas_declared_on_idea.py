# The link from a SWOT item to the contributions it cites is declared on the contribution from now on
# (ideas.Idea.swot_items, ideas 0008), so that swot does not refer to the later ideas app. The table
# swot_swotitem_ideas and its rows stay as they are: this changes Django's state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("swot", "0004_document_lease"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="swotitem", name="ideas"),
            ],
            database_operations=[],
        ),
    ]
