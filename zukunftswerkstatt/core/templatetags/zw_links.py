"""`{{ idea.get_absolute_url|absolute }}`: a link for an e-mail, a calendar file or a print-out,
absolute to settings.SITE_URL (see core/links.py)."""

from django import template

from zukunftswerkstatt.core.links import absolute_url

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    return absolute_url(str(path)) if path else ""
