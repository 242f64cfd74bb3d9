from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EasyReadPage, PhaseSentence

# The marker the readability hints (static/easyread/hints.js) attach to; see docs/easyread.md.
READABILITY = {"data-readability": "de"}


class EasyReadPageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=EasyReadPage._meta.get_field("title").max_length)
    body = forms.CharField(
        label=_("Text"),
        max_length=20_000,
        help_text=EasyReadPage._meta.get_field("body").help_text,
        widget=forms.Textarea(attrs={"rows": 16, **READABILITY}),
    )
    image = forms.ImageField(label=_("Picture"), required=False)
    image_alt = forms.CharField(
        label=_("Picture description"),
        required=False,
        max_length=250,
        help_text=EasyReadPage._meta.get_field("image_alt").help_text,
    )
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)
    is_published = forms.BooleanField(label=_("Published"), required=False)


class PhaseSentenceForm(forms.Form):
    text = forms.CharField(
        label=_("What people can do now, in Leichte Sprache"),
        required=False,
        max_length=PhaseSentence._meta.get_field("text").max_length,
        help_text=_("Short sentences. One statement in each sentence. Leave empty to show none."),
        widget=forms.Textarea(attrs={"rows": 5, **READABILITY}),
    )


class HintsForm(forms.Form):
    text = forms.CharField(required=False, max_length=20_000, strip=False)
