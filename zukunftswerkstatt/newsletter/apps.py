"""The newsletter of a process, by e-mail (double opt-in, sent in batches through the mail queue) and
by post (a letter per address for window envelopes)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "zukunftswerkstatt.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
