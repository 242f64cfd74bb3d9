from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zukunftswerkstatt.core"
    label = "core"
    verbose_name = _("Organisations and towns")

    def ready(self) -> None:
        from PIL import Image

        from zukunftswerkstatt.core import checks  # noqa: F401 - registers the deployment checks

        from .images import pillow_bomb_limit

        # Pillow's own decompression-bomb check for every image the process opens (uploads are
        # checked more strictly before, in core/images.py): it refuses twice this many pixels.
        Image.MAX_IMAGE_PIXELS = pillow_bomb_limit(settings.UPLOAD_IMAGE_MAX_PIXELS)

        # Any save or delete of our models ends the cached pages' generation (core/pagecache.py).
        from .pagecache import connect_signals

        connect_signals()

        # A saved organisation may have a new host name of its own (core/selectors.py).
        from django.db.models.signals import post_delete, post_save

        from .models import Organisation
        from .selectors import organisation_hosts_reload

        def hosts_changed(sender, **kwargs) -> None:
            organisation_hosts_reload()

        post_save.connect(hosts_changed, sender=Organisation, weak=False, dispatch_uid="organisation-hosts")
        post_delete.connect(hosts_changed, sender=Organisation, weak=False, dispatch_uid="organisation-hosts-deleted")
