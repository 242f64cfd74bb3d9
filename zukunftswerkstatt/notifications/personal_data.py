"""What the notifications app keeps about a person (see accounts/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry

from .models import NotificationSettings, Topic


def notification_settings(user) -> dict:
    """Which e-mails the person wants; without a saved row every topic is on (the default)."""
    row = NotificationSettings.objects.filter(user=user).first()
    return {topic.value: (row.wants(topic.value) if row else True) for topic in Topic}


registry.register(
    key="notification_settings",
    title=_("E-mail settings"),
    fields={"notifications.NotificationSettings.user": Treatment.DELETED},
    export=notification_settings,
    labels={topic.value: topic.label for topic in Topic},
)

# The fields each export was written against (see Registry.review).
registry.review(
    "notifications.NotificationSettings",
    "id user my_contributions official_news followed events my_measures new_phases",
)
