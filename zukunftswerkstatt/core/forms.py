"""Form fields that several apps share."""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .images import MAX_SIDE, image_check, image_reencode

IMAGE_HELP = _("JPEG, PNG or WebP (no animations), at most 8 MB. We remove location and camera data.")


class ImageUploadField(forms.ImageField):
    """An optional picture; what is stored is re-encoded by core.images.image_reencode.

    The header is checked here (format, frames, pixels; nothing is decoded), so a picture that
    would be refused shows its message on the field and the rest of the form keeps what was typed.
    """

    def __init__(self, *, label, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", IMAGE_HELP)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(label=label, **kwargs)

    def to_python(self, data):
        # forms.ImageField.to_python would open the file with Pillow before our checks (and accept
        # GIF, TIFF, …); the header check below is stricter and names the problem.
        upload = cast(UploadedFile | None, forms.FileField.to_python(self, data))
        if upload is None:
            return None
        header = image_check(upload)
        upload.content_type = {"MPO": "image/jpeg"}.get(header.format, f"image/{header.format.lower()}")
        return upload


class ReencodedImageField(ImageUploadField):
    """An ImageUploadField that hands the form the re-encoded picture (a clean JPEG), for model forms
    that store the field as it is: the back office's organisation logo and phase picture (hence the
    back office's widget, which shows the current file)."""

    def __init__(self, *, label, max_side: int = MAX_SIDE, **kwargs) -> None:
        from django.contrib.admin.widgets import AdminFileWidget

        self.max_side = max_side
        kwargs.setdefault("widget", AdminFileWidget(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(label=label, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return image_reencode(value, max_side=self.max_side)
        return value


class AuditFilterForm(forms.Form):
    """The filters of the audit page: action, person, period (all optional)."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, actors: list[tuple[int, str]], **kwargs) -> None:
        from .models import AuditAction

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("all actions")), *AuditAction.choices]
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", _("everyone")), *actors]

    def clean(self):
        cleaned = cast(dict[str, Any], super().clean())
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period must not be before its start."))
        return cleaned

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "action": data["action"] or "",
            "actor_id": data["person"],
            "since": data["since"],
            "until": data["until"],
        }
