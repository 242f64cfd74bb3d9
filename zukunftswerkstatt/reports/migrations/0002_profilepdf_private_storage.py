"""Profile PDFs move from MEDIA_ROOT (served by the web server to anyone) to PRIVATE_MEDIA_ROOT,
from where only the checked download view hands them out."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import zukunftswerkstatt.reports.models


def move_files(apps, schema_editor):
    ProfilePdf = apps.get_model("reports", "ProfilePdf")
    public, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    for name in ProfilePdf.objects.exclude(file="").values_list("file", flat=True).iterator():
        source, target = public / name, private / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="profilepdf",
            name="file",
            field=models.FileField(
                blank=True,
                storage=zukunftswerkstatt.reports.models._pdf_storage,
                upload_to="reports/%Y/%m/",
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop, elidable=True),
    ]
