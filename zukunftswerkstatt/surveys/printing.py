"""Surveys on paper (docs/surveys.md, "Paper and phone"): the printable questionnaire and the poster.

**Paper questionnaires** (`PaperForms`, built by the task worker, core/documents.py): `copies`
copies numbered from `first_number`. Every page carries the form code and the copy's number in its
top corner ("WL-2027 · Nr. 0042") and "page x of y" of its copy, so that a loose page finds its
form again and a form is entered once (`Response.paper_number` is unique per survey). Every
answer box has its small number beside it: the number the team types into the entry form
(`keyed.py`), the same on paper, on the entry form and in the order of the web form
(`selectors.numbered`). The copies are identical but for their number, so one copy is laid out
first to learn its length, then all of them in one document (WeasyPrint page groups restart the
page counter at each copy).

**The poster** (A4, made at once): the title, why we ask, a QR code to the online form, its
address written out, the closing day and how to answer without the internet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Max, Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.documents import document_build, document_queue
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.core.pdf import pdf_document, render_pdf
from zukunftswerkstatt.events.printing import qr_svg

from .forms_entry import MAX_COPIES, MAX_PAPER_NUMBER
from .keyed import conditions_of, options_of, towns_of
from .models import Kind, PaperForms, Question, Response, Survey
from .selectors import numbered, questions_for_answering

COPIES_PER_LAYOUT = 25
"""Copies laid out in one WeasyPrint document (about 0.1 s and some memory per page)."""
TEXT_LINES = {Kind.SHORT_TEXT: 1, Kind.LONG_TEXT: 5}


def paper_code(number: int) -> str:
    """A form's number as printed: at least four digits ("0042")."""
    return f"{number:04d}"


def answer_url(survey: Survey) -> str:
    """The online form's address, for the poster's QR code and the paper (core/links.py)."""
    return absolute_url(reverse("surveys:answer", kwargs={"module_pk": survey.module_id}))


def short_url(url: str) -> str:
    """The address as people type it: without "https://" and a trailing slash."""
    return re.sub(r"^https?://", "", url).rstrip("/")


# --- print runs -------------------------------------------------------------------------------


def paper_forms_of(survey: Survey) -> list[PaperForms]:
    """The latest print runs, each with its `last_number`."""
    return list(
        PaperForms.objects.filter(survey=survey)
        .select_related("requested_by")
        .annotate(last_number=F("first_number") + F("copies") - 1)[:50]
    )


def paper_next_number(survey: Survey) -> int:
    """The first number that no print run (but failed ones) has printed and no entry has used."""
    printed = (
        PaperForms.objects.filter(survey=survey)
        .exclude(status=DocumentStatus.FAILED)
        .aggregate(last=Max(F("first_number") + F("copies") - 1))["last"]
    )
    entered = Response.objects.filter(survey=survey).aggregate(last=Max("paper_number"))["last"]
    return max(printed or 0, entered or 0) + 1


def paper_entry_number(survey: Survey, *, after: int | None = None) -> int:
    """The number the entry form suggests: the first free one after the form just entered, else
    after the highest entered, else the first printed number (or 1)."""
    entered = Response.objects.filter(survey=survey, paper_number__isnull=False)
    if after is None:
        last = entered.aggregate(last=Max("paper_number"))["last"]
        if last is not None:
            return last + 1
        first = (
            PaperForms.objects.filter(survey=survey)
            .exclude(status=DocumentStatus.FAILED)
            .aggregate(first=Min("first_number"))["first"]
        )
        return first or 1
    number = after + 1
    for taken in entered.filter(paper_number__gt=after).order_by("paper_number").values_list("paper_number", flat=True):
        if taken != number:
            break
        number += 1
    return number


def _overlapping(survey: Survey, first: int, last: int) -> PaperForms | None:
    return (
        PaperForms.objects.filter(survey=survey, first_number__lte=last)
        .exclude(status=DocumentStatus.FAILED)
        .annotate(last=F("first_number") + F("copies") - 1)
        .filter(last__gte=first)
        .order_by("first_number")
        .first()
    )


def paper_forms_request(*, survey: Survey, copies: int, first_number: int, requested_by, language: str) -> PaperForms:
    """Queue a print run of `copies` questionnaires numbered from `first_number`. Numbers that an
    earlier run printed are refused (two paper forms with one number could not both be entered)."""
    errors: dict[str, str] = {}
    if not 1 <= copies <= MAX_COPIES:
        errors["copies"] = _("Please ask for 1 to %(max)s copies at a time.") % {"max": MAX_COPIES}
    if first_number < 1:
        errors["first_number"] = _("Numbers start at 1.")
    elif first_number + copies - 1 > MAX_PAPER_NUMBER:
        errors["first_number"] = _("Numbers go up to %(max)s.") % {"max": MAX_PAPER_NUMBER}
    if errors:
        raise ValidationError(errors)
    last = first_number + copies - 1
    earlier = _overlapping(survey, first_number, last)
    if earlier is not None:
        raise ValidationError(
            {
                "first_number": _(
                    "The numbers %(first)s to %(last)s were printed already. The next free number is %(next)s."
                )
                % {
                    "first": paper_code(earlier.first_number),
                    "last": paper_code(earlier.first_number + earlier.copies - 1),
                    "next": paper_next_number(survey),
                }
            },
            code="printed",
        )
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    row = PaperForms.objects.create(
        survey=survey, copies=copies, first_number=first_number, requested_by=requested_by, language=language
    )
    document_queue(row=row)
    return row


def paper_forms_make(row: PaperForms) -> PaperForms:
    """The builder of `PaperForms` (core.documents' build task calls it with the row)."""
    first, last = row.first_number, row.first_number + row.copies - 1
    return document_build(
        row=row,
        render=lambda: paper_forms_render(survey=row.survey, numbers=range(first, last + 1)),
        filename=f"fragebogen-{row.survey.form_code}-{paper_code(first)}-{paper_code(last)}.pdf",
    )


# --- the questionnaire ------------------------------------------------------------------------


def _item(number: int | None, question: Question, conditions) -> dict:
    kind = question.kind
    item: dict = {"number": number, "question": question, "kind": kind, "condition": conditions.get(question.pk)}
    if question.has_options:
        item["options"] = [(index, option.label) for index, option in enumerate(options_of(question), start=1)]
    if kind in (Kind.SCALE, Kind.MATRIX):
        item["points"] = question.points
    if kind in TEXT_LINES:
        item["lines"] = range(TEXT_LINES[kind])
    if kind == Kind.RANKING:
        item["places"] = len(item["options"])
    return item


def paper_context(survey: Survey, questions: list[Question] | None = None) -> dict:
    """What the paper questionnaire shows (without the copy's number)."""
    questions = questions if questions is not None else questions_for_answering(survey)
    conditions = conditions_of(questions)
    process = survey.module.phase.process
    return {
        "survey": survey,
        "module": survey.module,
        "process": process,
        "organisation": process.organisation,
        "last_day": survey.module.phase.last_day,
        "items": [_item(number, question, conditions) for number, question in numbered(questions)],
        "towns": list(enumerate((town.name for town in towns_of(survey)), start=1)) if survey.ask_town else [],
        "age_groups": list(enumerate((group.label for group in AgeGroup), start=1)) if survey.ask_age else [],
        "easy": survey.easy_layout,
    }


def css_string(text: str) -> str:
    """`text` as a CSS string, safe inside a <style> element."""
    escaped = "".join(char if char.isalnum() or char in " .,:;-–·/()'" else f"\\{ord(char):x} " for char in text)
    return f'"{escaped}"'


def css_content(message: str, **tokens: str) -> str:
    """A translated message with %(name)s placeholders as a CSS `content` value, each placeholder
    replaced by a CSS token (a counter, a running string): "Seite " counter(page) " von 3"."""
    parts = re.split(r"%\((\w+)\)s", message)
    values = [css_string(part) if index % 2 == 0 else tokens[part] for index, part in enumerate(parts)]
    return " ".join(value for value in values if value != '""')


def paper_forms_render(*, survey: Survey, numbers: range) -> tuple[bytes, int]:
    """The PDF of the questionnaires with these numbers, and its number of pages."""
    context = paper_context(survey)
    body = render_to_string("surveys/print/_questionnaire.html", context)
    copy_number = "string(copy-number)"
    corners = {
        "corner_left": css_string(f"{context['organisation'].name} · {survey.title}"),
        "corner_right": css_content(
            _("%(code)s · No. %(number)s"), code=css_string(survey.form_code), number=copy_number
        ),
        "corner_bottom": css_content(_("No. %(number)s"), number=copy_number),
    }

    def document(numbers: Sequence[int], pages_per_copy: int | None):
        pages = css_string(str(pages_per_copy)) if pages_per_copy else "counter(pages)"
        html = render_to_string(
            "surveys/print/paper_forms.html",
            {
                **context,
                **corners,
                "page_of": css_content(_("Page %(page)s of %(pages)s"), page="counter(page)", pages=pages),
                "body": body,
                "copies": [paper_code(number) for number in numbers],
            },
        )
        return pdf_document(html)

    # The copies differ only in their number, in the page margin: one copy's length is every copy's.
    single = document([numbers[0]], None)
    pages_per_copy = len(single.pages)
    if len(numbers) == 1:
        return single.write_pdf(), pages_per_copy
    # Laid out a few copies at a time, so that a large run does not hold every page in memory.
    writer = PdfWriter()
    for start in range(0, len(numbers), COPIES_PER_LAYOUT):
        writer.append(io.BytesIO(document(numbers[start : start + COPIES_PER_LAYOUT], pages_per_copy).write_pdf()))
    writer.add_metadata({"/Title": survey.title})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), len(writer.pages)


# --- the poster -------------------------------------------------------------------------------


def first_sentence(text: str) -> str:
    """The first sentence of the survey's introduction ("why we ask")."""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def poster_pdf(survey: Survey) -> bytes:
    """The A4 poster that leads people to the online form (made in the request: one page)."""
    url = answer_url(survey)
    process = survey.module.phase.process
    context = {
        "survey": survey,
        "module": survey.module,
        "process": process,
        "organisation": process.organisation,
        "why": first_sentence(survey.intro_text),
        "last_day": survey.module.phase.last_day,
        "url": url,
        "short_url": short_url(url),
        "qr_svg": qr_svg(url),
    }
    return render_pdf(render_to_string("surveys/print/poster.html", context))
