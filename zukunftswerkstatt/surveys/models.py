"""Surveys (docs/surveys.md): a questionnaire in a module of any phase, answered online (with or
without an account), on paper and by phone; its answers counted per question, town and age group.

A **Survey** belongs to one module of type "survey". Its **Questions** are ordered; a question of kind
`SECTION` is a heading that takes no answer. Choice questions (single, multiple, yes/no), rankings and
matrices have **Options** (for a matrix, its statements; for yes/no, the two fixed options). A question
may be shown only when an earlier choice question was answered with one option (`condition_option`).

A **Response** is one person's filled-in questionnaire, with its channel, and the optional town and
age group (`accounts.ParticipantDetails`). Its **Answers** are one row per value: the chosen option
(single, yes/no, each option of a multiple choice), the scale point (`value`), a ranked option with
its rank (`value`), a matrix statement with its scale point (`value`), a number, or a text. Each answer
repeats the survey, town and age group of its response, so that the results are one GROUP BY.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.models import AgeGroup, ParticipantDetails
from zukunftswerkstatt.core.models import BuiltDocument, Municipality, TimeStampedModel
from zukunftswerkstatt.core.storage import PrivateStorage
from zukunftswerkstatt.processes.models import Module


def in_language(german: str, english: str) -> str:
    """The English text where English is active and one was written, else the German one."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return english if language == "en" and english else german


class Survey(TimeStampedModel):
    module = models.OneToOneField(Module, on_delete=models.CASCADE, related_name="survey", verbose_name=_("module"))
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    intro = models.TextField(
        _("what we ask and why"),
        blank=True,
        help_text=_("Shown before the first question: what the survey is for and what happens with the answers."),
    )
    intro_en = models.TextField(_("what we ask and why, in English"), blank=True)
    one_per_screen = models.BooleanField(
        _("one question per screen on phones"),
        default=False,
        help_text=_("On small screens, people see one question at a time with “Next” and “Back”."),
    )
    easy_layout = models.BooleanField(
        _("easy-to-read layout"),
        default=False,
        help_text=_("Larger type, more space, one thing per line: friendly to Leichte Sprache."),
    )
    ask_town = models.BooleanField(_("ask for the town (optional for people)"), default=True)
    ask_age = models.BooleanField(_("ask for the age group (optional for people)"), default=True)
    allow_guests = models.BooleanField(
        _("people can answer without an account"),
        default=True,
        help_text=_("One answer per browser; the number of answers from one connection is limited."),
    )
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("No more answers online; the team can still enter paper answers.")
    )
    results_public = models.BooleanField(
        _("results are public"), default=False, help_text=_("Everyone can see the results page.")
    )
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("earlier round of the same questionnaire"),
    )
    text_retention_days = models.PositiveSmallIntegerField(
        _("keep free-text answers for (days)"),
        default=730,
        help_text=_("After this many days from the end of the survey's phase, free-text answers are deleted."),
    )
    paper_code = models.CharField(
        _("form code on paper"),
        max_length=20,
        blank=True,
        help_text=_("Printed on every paper questionnaire, e.g. “WL-2027”. Empty: the survey's number."),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.module.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:module", kwargs={"module_pk": self.module_id})

    @property
    def title(self) -> str:
        return in_language(self.module.title, self.title_en)

    @property
    def intro_text(self) -> str:
        return in_language(self.intro, self.intro_en)

    @property
    def form_code(self) -> str:
        return self.paper_code or f"U{self.pk}"


class Kind(models.TextChoices):
    SECTION = "section", _("Section heading (no answer)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Rating scale 1 to 5")
    YES_NO = "yes_no", _("Yes or no")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", pgettext_lazy("kind of question", "Number")
    RANKING = "ranking", _("Ranking")
    MATRIX = "matrix", _("Matrix of statements on one scale")


WITH_OPTIONS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO, Kind.RANKING, Kind.MATRIX})
"""Kinds whose answers name options (for a matrix: its statements)."""
CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO})
"""Kinds a condition can name an option of."""
WITH_SCALE = frozenset({Kind.SCALE, Kind.MATRIX})
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})
SCALE_POINTS = 5
MAX_RANKING_OPTIONS = 7
SHORT_TEXT_LENGTH = 200
LONG_TEXT_LENGTH = 5000


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of question"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    text_en = models.CharField(_("question in English"), max_length=500, blank=True)
    help = models.TextField(_("explanation"), blank=True)
    help_en = models.TextField(_("explanation in English"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    scale_labels = models.JSONField(
        _("labels of the scale points"), default=list, blank=True, help_text=_("Five labels, from 1 to 5.")
    )
    scale_labels_en = models.JSONField(_("labels of the scale points in English"), default=list, blank=True)
    number_min = models.DecimalField(_("smallest number"), max_digits=14, decimal_places=3, null=True, blank=True)
    number_max = models.DecimalField(_("largest number"), max_digits=14, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("E.g. “years” or “minutes”."))
    condition_option = models.ForeignKey(
        "Option",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conditioned_questions",
        verbose_name=_("only if this answer was given"),
    )
    same_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeated_by",
        verbose_name=_("the same question in the earlier round"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["survey", "position"], name="question_survey_position")]

    def __str__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return in_language(self.text, self.text_en)

    @property
    def help_text(self) -> str:
        return in_language(self.help, self.help_en)

    @property
    def takes_answer(self) -> bool:
        return self.kind != Kind.SECTION

    @property
    def has_options(self) -> bool:
        return self.kind in WITH_OPTIONS

    @property
    def points(self) -> list[tuple[int, str]]:
        """The scale points with their labels (empty labels where none were written)."""
        labels = self.scale_labels_en if in_language("de", "en") == "en" and self.scale_labels_en else self.scale_labels
        labels = list(labels or [])
        return [(point, labels[point - 1] if point <= len(labels) else "") for point in range(1, SCALE_POINTS + 1)]


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("option"), max_length=300)
    text_en = models.CharField(_("option in English"), max_length=300, blank=True)
    same_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeated_by",
        verbose_name=_("the same option in the earlier round"),
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return in_language(self.text, self.text_en)


class ResponseChannel(models.TextChoices):
    ONLINE = "online", _("Online with an account")
    GUEST = "guest", _("Online without an account")
    PAPER = "paper", _("Paper questionnaire")
    PHONE = "phone", _("By phone")


STAFF_CHANNELS = (ResponseChannel.PAPER, ResponseChannel.PHONE)


class Response(TimeStampedModel, ParticipantDetails):
    """One filled-in questionnaire. `user` only keeps a person from answering twice: it is never
    exported or shown with the answers (docs/surveys.md, privacy)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    channel = models.CharField(_("channel"), max_length=10, choices=ResponseChannel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    guest_token = models.CharField(_("browser mark"), max_length=64, blank=True)
    paper_number = models.PositiveIntegerField(_("number of the paper questionnaire"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=models.Q(user__isnull=False), name="response_once_per_account"
            ),
            models.UniqueConstraint(
                fields=["survey", "guest_token"], condition=~models.Q(guest_token=""), name="response_once_per_browser"
            ),
            models.UniqueConstraint(
                fields=["survey", "paper_number"],
                condition=models.Q(paper_number__isnull=False),
                name="response_paper_number_once",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "channel"], name="response_survey_channel"),
            # Whether the cached results are still current (count, last id, last change) from the index alone.
            models.Index(fields=["survey", "modified"], name="response_survey_modified"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class TextReview(models.TextChoices):
    NEW = "new", _("not reviewed yet")
    PUBLISHED = "published", _("publishable")
    HIDDEN = "hidden", _("not for publication")


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("option")
    )
    value = models.SmallIntegerField(_("scale point or rank"), null=True, blank=True)
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=3, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    text_review = models.CharField(
        _("review of the text"), max_length=10, choices=TextReview.choices, default=TextReview.NEW, blank=True
    )
    town = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("town")
    )
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["survey", "question", "option", "value", "town", "age_group"], name="answer_counting"),
            models.Index(fields=["question", "text_review"], name="answer_text_review"),
            # The respondents of a question with several rows per response (multiple choice, matrix),
            # COUNT(DISTINCT response) by town and age group from the index alone (surveys/results.py).
            models.Index(fields=["question", "town", "age_group", "response"], name="answer_respondents"),
            # The number answers by town and age group, read from this small index alone.
            models.Index(
                fields=["question", "town", "age_group", "number"],
                condition=models.Q(number__isnull=False),
                name="answer_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.value or self.number or self.text[:20]}"


def _document_storage():
    return PrivateStorage()


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class SurveyExport(BuiltDocument):
    """The raw answers as CSV or XLSX (one row per response, no account, no name, no e-mail), made by
    the task worker, which counts `rows_done` of `rows_total` as it goes (the page shows it)."""

    builder = "zukunftswerkstatt.surveys.exports.survey_export_make"
    build_related = ("survey__module__phase__process__organisation",)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports", verbose_name=_("survey"))
    file_format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    rows_total = models.PositiveIntegerField(_("rows to write"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="surveys/%Y/%m/", storage=_document_storage, blank=True)

    class Meta:
        verbose_name = _("survey export")
        verbose_name_plural = _("survey exports")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.file_format} {self.status}"

    @property
    def organisation_id(self) -> int:
        return self.survey.module.phase.process.organisation_id


class PaperForms(BuiltDocument):
    """Printable paper questionnaires: `copies` copies numbered from `first_number`, each with the
    form code and its own number, made by the task worker."""

    builder = "zukunftswerkstatt.surveys.printing.paper_forms_make"
    build_related = ("survey__module__phase__process__organisation",)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="paper_forms", verbose_name=_("survey"))
    first_number = models.PositiveIntegerField(_("first number"), default=1)
    copies = models.PositiveIntegerField(_("copies"), default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="surveys/%Y/%m/", storage=_document_storage, blank=True)

    class Meta:
        verbose_name = _("paper questionnaires")
        verbose_name_plural = _("paper questionnaires")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.first_number}+{self.copies} {self.status}"

    def get_absolute_url(self) -> str:
        """The print run's status page (polled by core/_document_state.html)."""
        return reverse("surveys:paper_status", kwargs={"module_pk": self.survey.module_id, "pk": self.pk})

    @property
    def organisation_id(self) -> int:
        return self.survey.module.phase.process.organisation_id
