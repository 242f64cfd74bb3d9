import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin, OrganisationScopedInline
from zukunftswerkstatt.core.forms import ReencodedImageField

from .models import Module, Phase, PhaseSpan, Process, find_overlaps
from .services import process_add_blueprint_phases


class PhaseInlineFormSet(forms.BaseInlineFormSet):
    """Check all phases of a process together: the database rows may be changing in the same save."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.allow_overlapping_phases:
            return
        items = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("start") or not data.get("end"):
                continue
            label = data.get("name") or (form.instance.display_name if data.get("type") else "?")
            items.append(PhaseSpan(data["start"], data["end"], str(label)))
        overlaps = find_overlaps(items)
        if overlaps:
            raise forms.ValidationError(overlaps)


class LabelledDateTimeField(forms.DateTimeField):
    """One date-and-time input with one label (Django's admin splits it into two unlabelled inputs)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# The first bytes of the video formats browsers play everywhere: MP4 ("ftyp" box at offset 4), WebM (EBML).
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


def sniff_video(head: bytes) -> str | None:
    """ "mp4" or "webm" from a file's first bytes, or None."""
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == EBML_MAGIC:
        return "webm"
    return None


class PhaseInlineForm(forms.ModelForm):
    def clean_sign_language_video(self):
        video = self.cleaned_data.get("sign_language_video")
        if not video or not hasattr(video, "content_type"):  # nothing new uploaded
            return video
        max_mb = settings.SIGN_LANGUAGE_VIDEO_MAX_MB
        if video.size > max_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("The video is larger than %(max)s MB. Please make it smaller."),
                code="too_large",
                params={"max": max_mb},
            )
        video.seek(0)
        head = video.read(12)
        video.seek(0)
        kind = sniff_video(head)
        if kind is None:
            raise forms.ValidationError(
                _("This is not an MP4 or WebM video. Please upload an MP4 or WebM file."), code="format"
            )
        # Served by the web server at /media/: under a random name with the extension of what it is,
        # never the uploaded name (a "video" called page.html would be served as a web page).
        video.name = f"{uuid.uuid4().hex}.{kind}"
        return video


class PhaseInline(OrganisationScopedInline, admin.StackedInline):
    model = Phase
    change_permission = "processes.change_phases"
    form = PhaseInlineForm
    formset = PhaseInlineFormSet
    extra = 0
    fields = [
        ("type", "name"),
        ("start", "end"),
        "description",
        ("image", "image_alt"),
        ("sign_language_video", "sign_language_caption"),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("start", "end"):
            return LabelledDateTimeField(label=db_field.verbose_name.capitalize(), required=True)
        if db_field.name == "image":  # stored as a clean JPEG without metadata, like every other upload
            return ReencodedImageField(label=db_field.verbose_name.capitalize())
        if db_field.name == "description":
            # The readability hints for public text (easyread, docs/easyread.md).
            kwargs["widget"] = AdminTextareaWidget(attrs={"data-readability": "de"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ProcessAdminForm(forms.ModelForm):
    blueprint_start = forms.DateField(
        label=_("Start of the first phase"),
        required=False,
        help_text=_(
            "If you enter no phases below, the blueprint's phases are created one after another from this day. "
            "You can change their dates afterwards."
        ),
    )

    class Meta:
        model = Process
        fields = [
            "organisation",
            "title",
            "slug",
            "theme",
            "description",
            "municipalities",
            "blueprint",
            "allow_overlapping_phases",
            "is_published",
        ]
        # The readability hints for public text (easyread, docs/easyread.md).
        widgets = {"description": AdminTextareaWidget(attrs={"data-readability": "de"})}

    def clean(self) -> dict:
        data = super().clean()
        # Process.clean() can only look at the towns already saved; check the ones chosen here.
        organisation, towns = data.get("organisation"), data.get("municipalities")
        if organisation and towns and any(town.organisation_id != organisation.pk for town in towns):
            self.add_error("municipalities", _("Only towns of the process's organisation can be in scope."))
        return data


@admin.register(Process)
class ProcessAdmin(OrganisationScopedAdmin):
    form = ProcessAdminForm
    change_permission = "processes.change_process"
    list_display = ["title", "organisation", "is_published", "created"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["municipalities"]
    inlines = [PhaseInline]
    fields = [
        "organisation",
        "title",
        "slug",
        "theme",
        "description",
        "municipalities",
        "blueprint",
        "allow_overlapping_phases",
        "is_published",
    ]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None:
            fields.insert(fields.index("blueprint") + 1, "blueprint_start")
        elif "blueprint_start" in fields:
            fields.remove("blueprint_start")
        return fields

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        start = form.cleaned_data.get("blueprint_start")
        process = form.instance
        if not change and start and not process.phases.exists():
            process_add_blueprint_phases(
                process=process, start=timezone.make_aware(dt.datetime.combine(start, dt.time.min))
            )


@admin.register(Module)
class ModuleAdmin(OrganisationScopedAdmin):
    organisation_lookup = "phase__process__organisation_id"
    change_permission = "processes.change_modules"
    list_display = ["title", "type", "phase", "position", "is_published"]
    list_filter = ["type", "is_published"]
    list_select_related = ["phase", "phase__process"]


admin.site.empty_value_display = _("(none)")
