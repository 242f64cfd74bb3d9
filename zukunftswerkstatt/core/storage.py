"""Private file storage: files only staff or the person concerned may see (scans of letters, generated
PDFs and exports of unpublished modules). They lie outside MEDIA_ROOT, which the web server hands out
without asking the application, and are served by checked views (docs/deployment.md)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, served by a checked view.

    PRIVATE_MEDIA_ROOT is read when a file is stored or opened, not when the model is imported,
    so that a changed setting (another installation, a test) takes effect.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage() -> PrivateStorage:
    """The storage of a FileField (`storage=private_storage`), made when it is first used."""
    return PrivateStorage()
