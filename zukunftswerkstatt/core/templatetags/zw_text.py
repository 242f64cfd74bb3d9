from django import template

from zukunftswerkstatt.core.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Staff-written text in a small Markdown subset, sanitised."""
    return render_markdown(text)
