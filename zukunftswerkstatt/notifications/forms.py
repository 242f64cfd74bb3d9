from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Topic

# The settings page asks in the first person; the order is the order of the page.
LABELS = {
    Topic.MY_CONTRIBUTIONS: _("Comments on my contributions"),
    Topic.OFFICIAL_NEWS: _("Official answers and status changes of my contributions"),
    Topic.FOLLOWED: _("News about contributions I follow"),
    Topic.MY_MEASURES: _("Measures that grew from my contributions, and their progress"),
    Topic.EVENTS: _("Reminders and changes of events I registered for"),
    Topic.NEW_PHASES: _("A new phase begins in a process I took part in"),
}


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for topic, label in LABELS.items():
            self.fields[topic.value] = forms.BooleanField(label=label, required=False)
