"""What may be stored where the web server hands files out without asking the application.

MEDIA_ROOT is served at /media/ by the web server (deploy/nginx/, docs/deployment.md): only pictures
re-encoded under random names belong there, and the one other kind of public file a phase page
shows to everyone: its sign-language video, checked to be MP4 or WebM by its first bytes and stored
under a random name with the extension of what it is (processes/admin.py). Every other file (letter
scans, generated documents) belongs to a page that can be hidden, so it must be stored in
PRIVATE_MEDIA_ROOT and served by a checked view.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db import models

PUBLIC_NOT_PICTURES = {"processes.Phase.sign_language_video"}


def our_file_fields():
    for model in apps.get_models():
        if model.__module__.startswith("zukunftswerkstatt."):
            for field in model._meta.get_fields():
                if isinstance(field, models.FileField):
                    yield model, field


def test_only_pictures_are_stored_where_the_web_server_serves_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    public = []
    for model, field in our_file_fields():
        location = Path(field.storage.path("x")).parent
        label = f"{model._meta.label}.{field.name}"
        if location.is_relative_to(settings.MEDIA_ROOT) and not isinstance(field, models.ImageField):
            if label in PUBLIC_NOT_PICTURES:
                continue
            public.append(f"{model._meta.label}.{field.name}")
        if location.is_relative_to(settings.PRIVATE_MEDIA_ROOT):
            assert not location.is_relative_to(settings.MEDIA_ROOT)
    assert public == [], f"files other than pictures would be public at /media/: {public} (use PrivateStorage)"


def test_there_are_file_fields_to_check():
    fields = {f"{model._meta.label}.{field.name}" for model, field in our_file_fields()}
    assert {"ideas.OfflineContact.scan", "reports.ProfilePdf.file", "ideas.Idea.image"} <= fields
