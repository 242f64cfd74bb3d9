"""Form fields that several apps share."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImageUploadField(forms.ImageField):
    """An optional picture; what is stored is re-encoded by core.images.image_reencode."""

    def __init__(self, *, label, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("JPEG, PNG or WebP, at most 8 MB. We remove location and camera data."))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(label=label, **kwargs)
