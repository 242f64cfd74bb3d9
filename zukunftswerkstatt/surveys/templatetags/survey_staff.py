"""The team's navigation between the parts of one survey, and the breadcrumbs of its pages."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (key, label, URL name, permission); shown to those who have the permission.
PARTS = [
    ("module", _("Survey page"), "surveys:module", ""),
    ("edit", _("Questionnaire"), "surveys:edit", "surveys.manage"),
    ("preview", _("Preview"), "surveys:preview", "surveys.manage"),
    ("paper", _("Paper questionnaires"), "surveys:paper", "surveys.manage"),
    ("entry", _("Enter paper and phone answers"), "surveys:entry", "surveys.enter"),
    ("poster", _("Poster with QR code"), "surveys:poster", "surveys.enter"),
    ("results", _("Results"), "surveys:results", "surveys.view_results"),
    ("texts", _("Free-text answers"), "surveys:texts", "surveys.review_texts"),
    ("compare", _("Comparison with the earlier round"), "surveys:compare", "surveys.view_results"),
]


@register.inclusion_tag("surveys/_staff_nav.html", takes_context=True)
def survey_staff_nav(context, survey, current: str = ""):
    """The parts of the survey the person may open, for the team (nothing for citizens)."""
    user = context["request"].user
    if not user.has_perm("surveys.enter", survey):
        return {"links": []}
    links = []
    for key, label, url_name, permission in PARTS:
        if permission and not user.has_perm(permission, survey):
            continue
        if key == "compare" and not survey.previous_round_id:
            continue
        links.append(
            {
                "label": label,
                "url": reverse(url_name, kwargs={"module_pk": survey.module_id}),
                "current": key == current,
            }
        )
    return {"links": links}


@register.inclusion_tag("surveys/_breadcrumbs.html")
def survey_breadcrumbs(survey, page_title: str = ""):
    """Organisation › process › survey (› page)."""
    module = survey.module
    process = module.phase.process
    return {"organisation": process.organisation, "process": process, "survey": survey, "page_title": page_title}
