"""Form fields that several apps share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .images import image_check


class ImageUploadField(forms.ImageField):
    """An optional picture; what is stored is re-encoded by core.images.image_reencode.

    The header is checked here (format, frames, pixels; nothing is decoded), so a picture that
    would be refused shows its message on the field and the rest of the form keeps what was typed.
    """

    def __init__(self, *, label, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("JPEG, PNG or WebP (no animations), at most 8 MB. We remove location and camera data."),
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(label=label, **kwargs)

    def to_python(self, data):
        # forms.ImageField.to_python would open the file with Pillow before our checks (and accept
        # GIF, TIFF, …); the header check below is stricter and names the problem.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        header = image_check(upload)
        upload.content_type = {"MPO": "image/jpeg"}.get(header.format, f"image/{header.format.lower()}")
        return upload
