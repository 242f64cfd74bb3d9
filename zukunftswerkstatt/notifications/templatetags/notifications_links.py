"""The link to a person's notification settings that the profile page shows: offered here because
notifications comes after accounts (docs/architecture.md, "Layers")."""

from django import template

register = template.Library()


@register.inclusion_tag("notifications/_settings_link.html")
def notification_settings_link() -> dict:
    return {}
