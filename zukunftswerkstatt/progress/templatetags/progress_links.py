"""The link to "What became of my idea?" that the idea collection's confirmation page shows: offered
here because progress comes after ideas (docs/architecture.md, "Layers")."""

from django import template

register = template.Library()


@register.inclusion_tag("progress/_idea_lookup_link.html")
def idea_lookup_link(module, idea) -> dict:
    """A list item linking to the interim review's look-up with the contribution's reference filled in."""
    return {"module": module, "idea": idea}
