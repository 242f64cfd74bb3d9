"""The production static pipeline (hashed, compressed files) must accept every vendored file: a
vendored script that points to a missing source map stops `collectstatic`, and with it `make run`."""

from django.conf import settings as django_settings
from django.core.management import call_command


def test_collectstatic_with_hashed_names_accepts_every_static_file(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": django_settings.STORAGES["staticfiles"]
        | {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()
