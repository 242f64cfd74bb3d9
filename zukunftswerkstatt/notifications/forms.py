from django import forms
from django.utils.translation import gettext_lazy as _


class NotificationSettingsForm(forms.Form):
    my_contributions = forms.BooleanField(label=_("Comments on my contributions"), required=False)
    official_news = forms.BooleanField(
        label=_("Official answers and status changes of my contributions"), required=False
    )
    followed = forms.BooleanField(label=_("News about contributions I follow"), required=False)
