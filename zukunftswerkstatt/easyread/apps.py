"""Pages in Leichte Sprache (easy-to-read German) that staff write, and the readability hints staff see
while writing public texts."""

from django.apps import AppConfig


class EasyreadConfig(AppConfig):
    name = "zukunftswerkstatt.easyread"
    label = "easyread"
    verbose_name = "Leichte Sprache"
