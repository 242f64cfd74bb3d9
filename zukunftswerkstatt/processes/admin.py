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

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "new-organisation/",
                self.admin_site.admin_view(lambda request: new_organisation_view(self, request)),
                name="processes_new_organisation",
            ),
            *super().get_urls(),
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


class NewOrganisationForm(forms.Form):
    """One form for a platform administrator: a new organisation, its towns and its first process
    (issue 17, docs/organisations.md)."""

    organisation_name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    organisation_slug = forms.SlugField(
        label=_("Short name in addresses"), max_length=80, help_text=_("For example goeltzschtal: /o/goeltzschtal/")
    )
    organisation_host = forms.CharField(
        label=_("Host name of its own"),
        max_length=253,
        required=False,
        help_text=_("Optional, for example beteiligung.auerbach.de; it must be listed in ALLOWED_HOSTS."),
    )
    organisation_contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    organisation_mail_from_address = forms.EmailField(
        label=_("Sender address of its e-mails"),
        required=False,
        help_text=_("Optional; the mail server must be allowed to send for it."),
    )
    organisation_brand_colour = forms.CharField(
        label=_("Colour of buttons and links"),
        max_length=7,
        required=False,
        help_text=_("Optional, for example #1d5c8c, with a contrast of at least 4.5:1 against white."),
    )
    towns = forms.CharField(
        label=_("Member towns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One town per line: its name, a semicolon and its official municipality key (AGS), e.g. "
                    "“Auerbach/Vogtl.; 14523020”."),
    )  # fmt: skip
    process_title = forms.CharField(label=_("Title of the first process"), max_length=200)
    process_slug = forms.SlugField(label=_("Short name of the process in addresses"), max_length=80)
    process_theme = forms.CharField(label=_("Theme"), max_length=200)
    process_blueprint = forms.ChoiceField(label=_("Blueprint"))
    start = forms.DateField(
        label=_("Start of the first phase"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The blueprint's phases follow one another from this day; their dates can be changed later."),
    )
    process_is_published = forms.BooleanField(label=_("Publish the process at once"), required=False)

    def __init__(self, *args, **kwargs):
        from .registry import blueprint_choices

        super().__init__(*args, **kwargs)
        self.fields["process_blueprint"].choices = blueprint_choices()

    def clean_towns(self) -> list[tuple[str, str]]:
        towns = []
        for number, line in enumerate(self.cleaned_data["towns"].splitlines(), start=1):
            if not line.strip():
                continue
            name, separator, ags = line.partition(";")
            if not separator or not name.strip() or not ags.strip():
                raise forms.ValidationError(
                    _("Line %(number)s: write the town's name, a semicolon and its AGS."), params={"number": number}
                )
            towns.append((name.strip(), ags.strip()))
        return towns


def new_organisation_view(model_admin: ProcessAdmin, request):
    """The form behind "New organisation with its first process" (platform administrators only)."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import redirect
    from django.template.response import TemplateResponse
    from django.urls import reverse

    from .services import organisation_with_first_process_create

    if not request.user.has_perm("core.add_organisation"):
        raise PermissionDenied
    form = NewOrganisationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            organisation = {
                field.removeprefix("organisation_"): value
                for field, value in data.items()
                if field.startswith("organisation_") and value != ""
            }
            process = {
                field.removeprefix("process_"): value for field, value in data.items() if field.startswith("process_")
            }
            start = timezone.make_aware(dt.datetime.combine(data["start"], dt.time.min))
            try:
                created = organisation_with_first_process_create(
                    organisation=organisation, towns=data["towns"], process=process, start=start
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    form.add_error(None if field not in form.fields else field, errors)
            else:
                messages.success(
                    request,
                    _(
                        "“%(organisation)s” is created with its towns, fields of action, legal page templates and the "
                        "process “%(process)s”. Next: fill in its legal pages and add its administrators."
                    )
                    % {"organisation": created.organisation.name, "process": created.title},
                )
                return redirect(reverse("admin:core_organisation_change", args=[created.organisation_id]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("New organisation with its first process"),
        "form": form,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/processes/new_organisation.html", context, status=status)


@admin.register(Module)
class ModuleAdmin(OrganisationScopedAdmin):
    organisation_lookup = "phase__process__organisation_id"
    change_permission = "processes.change_modules"
    list_display = ["title", "type", "phase", "position", "is_published"]
    list_filter = ["type", "is_published"]
    list_select_related = ["phase", "phase__process"]


admin.site.empty_value_display = _("(none)")
