"""The team's link to "Who took part" on the process page: offered here because participation comes
after processes (docs/architecture.md, "Layers")."""

from django import template

register = template.Library()


@register.inclusion_tag("participation/_process_link.html", takes_context=True)
def participation_link(context, process) -> dict:
    """For the process's team: the dashboard and the tallies; for everyone else nothing."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = bool(user and user.is_authenticated and user.has_perm("participation.view_participation", process))
    return {"process": process, "allowed": allowed}
