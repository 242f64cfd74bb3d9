"""The link from a contribution to the measures it became part of ("Was wurde aus meiner Idee?")."""

from django import template

from zukunftswerkstatt.ideas.models import Status

from ..selectors import measures_of_idea

register = template.Library()


@register.inclusion_tag("plans/_idea_measures.html", takes_context=True)
def idea_measures(context, idea):
    """The measures a contribution is part of, and for staff a link to make a measure from it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    process = idea.module.phase.process
    # Merging a contribution into a measure sets its status to "in the action plan"; asking only
    # then keeps the contribution page at its pinned number of queries for every other contribution.
    return {
        "idea": idea,
        "measures": measures_of_idea(idea=idea) if idea.status == Status.IN_PLAN else [],
        "can_add_measure": bool(user and user.has_perm("plans.add_measure", process)),
        "process": process,
    }
