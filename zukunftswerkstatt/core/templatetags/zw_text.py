from django import template
from django.utils.safestring import SafeString

from zukunftswerkstatt.core.text import render_markdown
from zukunftswerkstatt.core.text import single_full_stop as text_single_full_stop

register = template.Library()


@register.filter
def markdown(text: str):
    """Staff-written text in a small Markdown subset, sanitised."""
    return render_markdown(text)


@register.filter
def one_line(text: str) -> str:
    """A multi-line value (a postal address) on one line, its lines joined with commas."""
    return ", ".join(line.strip() for line in str(text).splitlines() if line.strip())


@register.filter(is_safe=True)
def single_full_stop(text: str) -> str:
    """Wrap a sentence that ends with a name: `{% filter single_full_stop %}…{{ town }}.{% endfilter %}`."""
    return text_single_full_stop(text if isinstance(text, SafeString) else str(text))
