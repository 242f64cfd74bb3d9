from django import template

from zukunftswerkstatt.core.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Staff-written text in a small Markdown subset, sanitised."""
    return render_markdown(text)


@register.filter
def one_line(text: str) -> str:
    """A multi-line value (a postal address) on one line, its lines joined with commas."""
    return ", ".join(line.strip() for line in str(text).splitlines() if line.strip())
