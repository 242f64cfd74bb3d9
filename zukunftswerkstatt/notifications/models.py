from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What a person can be told about; each can be switched off on its own."""

    MY_CONTRIBUTIONS = "my_contributions", _("comments on my contributions")
    OFFICIAL_NEWS = "official_news", _("official answers and status changes of my contributions")
    FOLLOWED = "followed", _("news about contributions I follow")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    my_contributions = models.BooleanField(_("comments on my contributions"), default=True)
    official_news = models.BooleanField(_("official answers and status changes of my contributions"), default=True)
    followed = models.BooleanField(_("news about contributions I follow"), default=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)

    def wants(self, topic: str) -> bool:
        return bool(getattr(self, topic))
