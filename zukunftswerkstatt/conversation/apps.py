from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationConfig(AppConfig):
    name = "zukunftswerkstatt.conversation"
    label = "conversation"
    verbose_name = _("Conversation")
