from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What a person can be told about; each can be switched off on its own (in the settings and
    with the one-click link in every such e-mail)."""

    MY_CONTRIBUTIONS = "my_contributions", _("comments on my contributions")
    OFFICIAL_NEWS = "official_news", _("official answers and status changes of my contributions")
    FOLLOWED = "followed", _("news about contributions I follow")
    EVENTS = "events", _("reminders and changes of events I registered for")
    MY_MEASURES = "my_measures", _("measures that grew from my contributions, and their progress")
    NEW_PHASES = "new_phases", _("a new phase of a process I took part in")


class NotificationSettings(models.Model):
    """One row per person who changed something; without a row every topic is on. Each topic is a
    field named like its value, so adding a topic is adding a field."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    my_contributions = models.BooleanField(_("comments on my contributions"), default=True)
    official_news = models.BooleanField(_("official answers and status changes of my contributions"), default=True)
    followed = models.BooleanField(_("news about contributions I follow"), default=True)
    events = models.BooleanField(_("reminders and changes of events I registered for"), default=True)
    my_measures = models.BooleanField(_("measures that grew from my contributions, and their progress"), default=True)
    new_phases = models.BooleanField(_("a new phase of a process I took part in"), default=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)

    def wants(self, topic: str) -> bool:
        return bool(getattr(self, topic))


class Announcement(models.Model):
    """That a one-off announcement (e.g. "phase X has begun") went out, so that it goes out once,
    however often the job runs. The key names what was announced, e.g. "phase-start:42"."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.key
