"""Writing the pages in Leichte Sprache and the phases' sentences."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.processes.models import Phase

from .models import IMAGE_ALT_MISSING, EasyReadPage, PhaseSentence

KIND_ORDER = list(EasyReadPage.Kind.values)


@transaction.atomic
def easyread_page_save(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    body: str,
    is_published: bool,
    image: UploadedFile | None = None,
    image_alt: str = "",
    remove_image: bool = False,
    position: int | None = None,
) -> EasyReadPage:
    """Create or change the organisation's page of this kind; a new picture is re-encoded (no
    metadata, no hidden content) and needs its description."""
    page = EasyReadPage.objects.select_for_update().filter(organisation=organisation, kind=kind).first()
    if page is None:
        page = EasyReadPage(organisation=organisation, kind=kind)
        page.position = KIND_ORDER.index(kind) if kind in KIND_ORDER else 0
    if position is not None:
        page.position = position
    page.title = title.strip()
    page.body = body.strip()
    page.is_published = is_published
    page.image_alt = image_alt.strip()
    if remove_image:
        page.image = ""
    if image:
        if not page.image_alt:
            raise ValidationError({"image_alt": IMAGE_ALT_MISSING})
        clean = image_reencode(image)
        page.image.save(clean.name, clean, save=False)
    if not page.image:
        page.image_alt = ""
    page.full_clean()
    page.save()
    return page


@transaction.atomic
def phase_sentence_save(*, phase: Phase, text: str) -> PhaseSentence | None:
    """Set the phase's sentence in Leichte Sprache; an empty text removes it."""
    text = text.strip()
    if not text:
        PhaseSentence.objects.filter(phase=phase).delete()
        return None
    sentence, _created = PhaseSentence.objects.get_or_create(phase=phase, defaults={"text": text})
    sentence.text = text
    sentence.full_clean()
    sentence.save()
    return sentence
