"""The moderators' link to the themes of a process, on the idea collection's moderation page and the
live board's console: offered here because themes come after ideas and workshops
(docs/architecture.md, "Layers")."""

from django import template

register = template.Library()


@register.inclusion_tag("themes/_link.html", takes_context=True)
def themes_link(context, process) -> dict:
    """For those who may edit the process's themes: a link to them; for everyone else nothing."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = bool(user and user.is_authenticated and user.has_perm("themes.view_themes", process))
    return {"process": process, "allowed": allowed}
