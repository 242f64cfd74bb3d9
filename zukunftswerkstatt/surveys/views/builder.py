"""Survey views: the questionnaire builder for the team (docs/surveys.md, "Building").

The overview of the questionnaire, adding a question (its kind first, then the fields that kind
needs: no JavaScript needed), changing, moving and deleting one, the survey's settings, and copying
the questionnaire into another survey as its next round. Every page asks `surveys.manage`; people
outside the survey's organisation get 404, its team without the permission 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.processes.selectors import module_for_view

from .. import builder
from ..forms_builder import KIND_HELP, CopyRoundForm, KindChoiceForm, QuestionForm, SurveySettingsForm, place_choices
from ..models import WITH_OPTIONS, WITH_SCALE, Kind, Option, Question, Survey
from ..selectors import numbered, questions_for_answering, survey_of


def _survey(request: HttpRequest, module_pk: int) -> Survey:
    """The survey of the module, for someone who may build it. Outside the organisation the page
    does not exist (404); its team without the permission is refused (403)."""
    module = module_for_view(request, module_pk, type="survey")
    survey = survey_of(module)
    if not request.user.has_perm("surveys.manage", survey):
        if request.user.has_perm("core.view_organisation_backoffice", module):
            raise PermissionDenied
        raise Http404
    return survey


def _question(survey: Survey, pk: int) -> Question:
    return get_object_or_404(Question.objects.prefetch_related("options"), pk=pk, survey=survey)


def _module_url(module) -> str:
    # The survey's public page belongs to the answering part (views/public.py); until that part's
    # addresses are in, the breadcrumb leads to the process.
    try:
        return module.get_absolute_url()
    except NoReverseMatch:
        return module.phase.process.get_absolute_url()


def _base(survey: Survey) -> dict:
    module = survey.module
    process = module.phase.process
    return {
        "survey": survey,
        "module": module,
        "process": process,
        "organisation": process.organisation,
        "module_url": _module_url(module),
    }


def _edit_url(survey: Survey, question: Question | None = None) -> str:
    url = reverse("surveys:edit", args=[survey.module_id])
    return f"{url}#q{question.pk}" if question is not None else url


def _add_errors(form, error: ValidationError) -> None:
    """The service's errors beside their fields (hidden fields' errors at the top), input kept."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        field = form.fields.get(name)
        if field is not None and not field.widget.is_hidden and not field.disabled:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


def _numbers(questions) -> dict[int, int]:
    return {question.pk: number for number, question in numbered(questions) if number is not None}


# --- the overview -----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def edit(request: HttpRequest, module_pk: int) -> HttpResponse:
    survey = _survey(request, module_pk)
    questions = questions_for_answering(survey)
    numbers = _numbers(questions)
    counts = builder.answer_counts(survey)
    responses = survey.responses.count()
    options: dict[int, Option] = {option.pk: option for question in questions for option in question.options.all()}
    rows = []
    for index, (number, question) in enumerate(numbered(questions)):
        condition = options.get(question.condition_option_id) if question.condition_option_id else None
        rows.append(
            {
                "number": number,
                "question": question,
                "options": list(question.options.all()) if question.kind in WITH_OPTIONS else [],
                "labels": question.scale_labels if question.kind in WITH_SCALE else [],
                "condition": builder.condition_in_words(numbers, condition) if condition else "",
                "answers": counts.get(question.pk, 0),
                "first": index == 0,
                "last": index == len(questions) - 1,
            }
        )
    previous = (
        Survey.objects.select_related("module").get(pk=survey.previous_round_id) if survey.previous_round_id else None
    )
    context = {
        **_base(survey),
        "previous": previous,
        "rows": rows,
        "responses": responses,
        "locked": responses > 0,
        "kinds": Kind.choices,
        "places": place_choices(questions, numbers),
    }
    return render(request, "surveys/builder/edit.html", context)


# --- one question -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, module_pk: int) -> HttpResponse:
    """GET without a kind: choose the kind. GET with one: the fields of that kind. POST: add."""
    survey = _survey(request, module_pk)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    if kind not in Kind.values:
        chooser = KindChoiceForm(request.GET if "kind" in request.GET else None, initial=request.GET)
        chooser.is_valid()
        return render(
            request,
            "surveys/builder/kind_choice.html",
            {**_base(survey), "form": chooser, "kinds": _kinds(), "position": request.GET.get("position", "")},
            status=400 if "kind" in request.GET else 200,
        )
    questions = questions_for_answering(survey)
    numbers = _numbers(questions)
    locked = builder.survey_has_answers(survey)
    arguments = {"kind": kind, "questions": questions, "numbers": numbers, "locked": locked}
    if request.method == "POST":
        form = QuestionForm(request.POST, **arguments)
        if form.is_valid():
            try:
                question = builder.question_add(
                    survey=survey, spec=form.spec(), by=request.user, position=form.cleaned_data.get("position")
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The question has been added."))
                if "another" in request.POST:
                    url = reverse("surveys:question_add", args=[survey.module_id])
                    return redirect(f"{url}?position={question.position + 1}")
                return redirect(_edit_url(survey, question))
        status = 400
    else:
        initial = QuestionForm.initial_of(None, kind)
        initial["position"] = request.GET.get("position", "")
        form = QuestionForm(initial=initial, **arguments)
        status = 200
    context = {
        **_base(survey),
        "form": form,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "kind_help": KIND_HELP[Kind(kind)],
        "locked": locked,
        "title": _("Add a question: %(kind)s") % {"kind": Kind(kind).label},
        "submit": _("Add the question"),
        "adding": True,
    }
    return render(request, "surveys/builder/question_form.html", context, status=status)


def _kinds() -> list[tuple[str, str, str]]:
    return [(value, label, KIND_HELP[Kind(value)]) for value, label in Kind.choices]


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    survey = _survey(request, module_pk)
    question = _question(survey, pk)
    questions = questions_for_answering(survey)
    numbers = _numbers(questions)
    locked = builder.survey_has_answers(survey)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", question.kind)
    if locked or kind not in Kind.values:
        kind = question.kind
    arguments = {"kind": kind, "questions": questions, "numbers": numbers, "question": question, "locked": locked}
    if request.method == "POST":
        form = QuestionForm(request.POST, initial=QuestionForm.initial_of(question, kind), **arguments)
        if form.is_valid():
            try:
                builder.question_update(question=question, spec=form.spec(), by=request.user)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The question has been saved."))
                return redirect(_edit_url(survey, question))
        status = 400
    else:
        form = QuestionForm(initial=QuestionForm.initial_of(question, kind), **arguments)
        status = 200
    number = numbers.get(question.pk)
    context = {
        **_base(survey),
        "form": form,
        "question": question,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "kind_help": KIND_HELP[Kind(kind)],
        "kinds": Kind.choices,
        "locked": locked,
        "answers": builder.answer_counts(survey).get(question.pk, 0) if locked else 0,
        "option_counts": _option_counts(question) if locked and question.kind in WITH_OPTIONS else [],
        "title": (
            _("Change question %(number)s") % {"number": number}
            if number is not None
            else _("Change the section heading")
        ),
        "submit": _("Save the question"),
        "adding": False,
    }
    return render(request, "surveys/builder/question_form.html", context, status=status)


def _option_counts(question: Question) -> list[tuple[Option, int]]:
    counts = builder.option_answer_counts(question)
    return [(option, counts.get(option.pk, 0)) for option in question.options.all()]


@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """GET: ask (or say why it cannot be deleted); POST: delete."""
    survey = _survey(request, module_pk)
    question = _question(survey, pk)
    questions = questions_for_answering(survey)
    numbers = _numbers(questions)
    problem = None
    if request.method == "POST":
        try:
            builder.question_delete(question=question, by=request.user)
        except ValidationError as error:
            problem = error
        else:
            messages.success(request, _("The question has been deleted."))
            return redirect(_edit_url(survey))
    else:
        problem = builder.question_delete_problem(question, questions)
    context = {**_base(survey), "question": question, "number": numbers.get(question.pk), "problem": problem}
    status = 400 if problem is not None and request.method == "POST" else 200
    return render(request, "surveys/builder/question_delete.html", context, status=status)


@require_POST
def question_move(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    survey = _survey(request, module_pk)
    question = _question(survey, pk)
    direction = request.POST.get("direction", "")
    if direction not in (builder.UP, builder.DOWN):
        messages.error(request, _("Please choose up or down."))
        return redirect(_edit_url(survey, question))
    try:
        builder.question_move(question=question, direction=direction, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The question has been moved up.") if direction == builder.UP else _("The question has been moved down."),
        )
    return redirect(_edit_url(survey, question))


# --- settings and rounds ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest, module_pk: int) -> HttpResponse:
    survey = _survey(request, module_pk)
    # The form works on its own copy: the service compares with the stored values.
    instance = Survey.objects.select_related("module__phase__process").get(pk=survey.pk)
    if request.method == "POST":
        form = SurveySettingsForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                builder.survey_settings_update(
                    survey=survey, by=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The settings have been saved."))
                return redirect(_edit_url(survey))
        status = 400
    else:
        form = SurveySettingsForm(instance=instance)
        status = 200
    return render(request, "surveys/builder/settings.html", {**_base(survey), "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def copy_round(request: HttpRequest, module_pk: int) -> HttpResponse:
    survey = _survey(request, module_pk)
    form = CopyRoundForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            module = form.cleaned_data["target"]
            target = survey_of(module)
            if not request.user.has_perm("surveys.manage", target):
                raise PermissionDenied
            try:
                builder.survey_copy_as_round(source=survey, target=target, by=request.user)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The questions have been copied into “%(title)s” as its next round.") % {"title": module.title},
                )
                return redirect(_edit_url(target))
        status = 400
    return render(
        request,
        "surveys/builder/copy_round.html",
        {**_base(survey), "form": form, "question_count": survey.questions.count()},
        status=status,
    )


urlpatterns = [
    path("m/<int:module_pk>/edit/", edit, name="edit"),
    path("m/<int:module_pk>/settings/", settings, name="settings"),
    path("m/<int:module_pk>/questions/add/", question_add, name="question_add"),
    path("m/<int:module_pk>/q/<int:pk>/edit/", question_edit, name="question_edit"),
    path("m/<int:module_pk>/q/<int:pk>/delete/", question_delete, name="question_delete"),
    path("m/<int:module_pk>/q/<int:pk>/move/", question_move, name="question_move"),
    path("m/<int:module_pk>/copy-round/", copy_round, name="copy_round"),
]
