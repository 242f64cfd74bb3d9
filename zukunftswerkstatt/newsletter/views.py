from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.views_common import add_service_errors, require
from zukunftswerkstatt.processes.models import Process

from . import selectors, services
from .forms import IssueForm, PostalSubscriptionForm, PostedForm, SubscribeForm
from .models import Channel, Issue, IssueStatus, Subscription


def _public_process(request: HttpRequest, process_pk: int) -> Process:
    process = get_object_or_404(Process.objects.select_related("organisation"), pk=process_pk)
    if not request.user.has_perm("newsletter.view_newsletter", process):
        raise Http404
    return process


def _staff_process(request: HttpRequest, process_pk: int) -> Process:
    process = get_object_or_404(Process.objects.select_related("organisation"), pk=process_pk)
    require(request, "newsletter.manage_newsletter", process)
    return process


def _staff_issue(request: HttpRequest, issue_pk: int) -> Issue:
    issue = get_object_or_404(Issue.objects.select_related("process__organisation"), pk=issue_pk)
    require(request, "newsletter.manage_newsletter", issue.process)
    return issue


# -- public ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _public_process(request, process_pk)
    if request.method == "POST":
        form = SubscribeForm(request.POST, process=process)
        if over_limit(request, "newsletter.subscribe:ip"):
            return render(request, "newsletter/subscribe.html", {"process": process, "form": form}, status=429)
        if form.is_valid():
            services.subscription_request(
                process=process,
                email=form.cleaned_data["email"],
                towns=form.cleaned_data.get("towns") or [],
                language=translation.get_language() or "de",
            )
            return render(request, "newsletter/subscribe_sent.html", {"process": process})
    else:
        form = SubscribeForm(process=process)
    return render(request, "newsletter/subscribe.html", {"process": process, "form": form})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    subscription = services.confirm_read(token)
    if subscription is None:
        return render(request, "newsletter/confirm.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        done = True
    return render(
        request,
        "newsletter/confirm.html",
        {"subscription": subscription, "process": subscription.process, "done": done},
    )


# One click from the mail: mail programs POST without a CSRF token (RFC 8058); the signed token is
# the protection. A GET only shows the button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = services.unsubscribe_read(token)
    if subscription is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.subscription_unsubscribe(subscription=subscription)
        done = True
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"subscription": subscription, "process": subscription.process, "done": done},
    )


def archive(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _public_process(request, process_pk)
    return render(
        request,
        "newsletter/archive.html",
        {
            "process": process,
            "issues": selectors.sent_issues(process=process),
            "can_manage": request.user.has_perm("newsletter.manage_newsletter", process),
        },
    )


def issue_detail(request: HttpRequest, issue_pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("process__organisation"), pk=issue_pk)
    if issue.status != IssueStatus.SENT or not request.user.has_perm("newsletter.view_newsletter", issue.process):
        raise Http404
    return render(request, "newsletter/issue.html", {"issue": issue, "process": issue.process})


# -- staff -------------------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _staff_process(request, process_pk)
    issues = Issue.objects.filter(process=process)
    return render(
        request,
        "newsletter/manage.html",
        {"process": process, "figures": selectors.subscriber_figures(process=process), "issues": issues},
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _staff_process(request, process_pk)
    form = IssueForm(request.POST or None, process=process, instance=Issue(process=process))
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_save(
                issue=form.save(commit=False), towns=form.cleaned_data["towns"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("newsletter:issue_edit", issue_pk=issue.pk)
    return render(request, "newsletter/issue_form.html", {"process": process, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, issue_pk: int) -> HttpResponse:
    issue = _staff_issue(request, issue_pk)
    process = issue.process
    form = None
    if issue.status == IssueStatus.DRAFT:
        form = IssueForm(request.POST or None, process=process, instance=issue)
        if request.method == "POST" and form.is_valid():
            try:
                services.issue_save(issue=form.save(commit=False), towns=form.cleaned_data["towns"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The draft has been saved."))
                return redirect("newsletter:issue_edit", issue_pk=issue.pk)
    _text, html = services.issue_render(issue=issue)
    return render(
        request,
        "newsletter/issue_edit.html",
        {
            "process": process,
            "issue": issue,
            "form": form,
            "preview_html": html,
            "recipients": services.recipients(issue=issue).count(),
            "postal_recipients": services.recipients(issue=issue, channel=Channel.POST).count(),
            "progress": selectors.issue_progress(issue=issue),
            "posted_form": PostedForm(initial={"date": issue.posted_on}),
        },
    )


def _preview_mail(issue: Issue):
    text, _html = services.issue_render(issue=issue)
    example = Subscription(pk=0, process=issue.process, email="example@example.org", language="de")
    return services.issue_mail(
        issue=issue, subscription=example, content_text=text, unsubscribe=services.unsubscribe_url(subscription=example)
    )


@login_required
def issue_text(request: HttpRequest, issue_pk: int) -> HttpResponse:
    """Exactly the text that is sent (with an example unsubscribe link)."""
    issue = _staff_issue(request, issue_pk)
    mail = _preview_mail(issue)
    return render(request, "newsletter/issue_text.html", {"issue": issue, "process": issue.process, "mail": mail})


@login_required
@require_POST
def issue_send(request: HttpRequest, issue_pk: int) -> HttpResponse:
    issue = _staff_issue(request, issue_pk)
    if services.issue_send_start(issue=issue, user=request.user):
        messages.success(request, _("The issue is being sent."))
    else:
        messages.error(request, _("This issue has been sent already."))
    return redirect("newsletter:issue_edit", issue_pk=issue.pk)


@login_required
def issue_status(request: HttpRequest, issue_pk: int) -> HttpResponse:
    """The sending progress as a fragment (polled with htmx) or a page (no JavaScript)."""
    issue = _staff_issue(request, issue_pk)
    context = {"issue": issue, "process": issue.process, "progress": selectors.issue_progress(issue=issue)}
    if request.headers.get("HX-Request"):
        return render(request, "newsletter/_progress.html", context)
    return render(request, "newsletter/issue_status.html", context)


@login_required
def issue_letters(request: HttpRequest, issue_pk: int) -> HttpResponse:
    """The letters for postal subscribers of a sent issue (PDF, one letter per address)."""
    from .letters import letters_pdf

    issue = _staff_issue(request, issue_pk)
    if issue.status != IssueStatus.SENT:
        raise Http404
    pdf, count = letters_pdf(issue=issue)
    if not count:
        messages.info(request, _("This issue has no postal subscribers."))
        return redirect("newsletter:issue_edit", issue_pk=issue.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="newsletter-{issue.pk}-briefe.pdf"'
    return response


@login_required
@require_POST
def issue_posted(request: HttpRequest, issue_pk: int) -> HttpResponse:
    issue = _staff_issue(request, issue_pk)
    form = PostedForm(request.POST)
    if form.is_valid() and issue.status == IssueStatus.SENT:
        services.issue_mark_posted(issue=issue, date=form.cleaned_data["date"])
        messages.success(request, _("Saved: the letters were posted."))
    else:
        messages.error(request, _("Please give the date the letters were posted."))
    return redirect("newsletter:issue_edit", issue_pk=issue.pk)


@login_required
@require_http_methods(["GET", "POST"])
def postal(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _staff_process(request, process_pk)
    form = PostalSubscriptionForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.postal_subscription_create(
                process=process,
                name=form.cleaned_data["name"],
                address=form.cleaned_data["address"],
                consent_note=form.cleaned_data["consent_note"],
                towns=form.cleaned_data.get("towns") or [],
                entered_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The postal subscriber has been added."))
            return redirect("newsletter:postal", process_pk=process.pk)
    subscribers = Subscription.objects.filter(process=process, channel=Channel.POST, unsubscribed_at=None)
    return render(
        request,
        "newsletter/postal.html",
        {"process": process, "form": form, "subscribers": subscribers.prefetch_related("towns")},
    )


@login_required
@require_POST
def postal_stop(request: HttpRequest, subscription_pk: int) -> HttpResponse:
    """A postal subscriber asked (at the town hall, by phone or letter) for no more letters."""
    subscription = get_object_or_404(Subscription, pk=subscription_pk, channel=Channel.POST)
    process = _staff_process(request, subscription.process_id)
    services.subscription_unsubscribe(subscription=subscription)
    messages.success(
        request,
        _("%(name)s gets no more letters. The name and address are deleted after %(days)s days.")
        % {"name": subscription.name, "days": services.UNSUBSCRIBED_KEPT_DAYS},
    )
    return redirect("newsletter:postal", process_pk=process.pk)
