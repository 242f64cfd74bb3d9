from django import template
from django.utils.safestring import SafeString

from zukunftswerkstatt.core.text import render_markdown
from zukunftswerkstatt.core.text import single_full_stop as text_single_full_stop

register = template.Library()


@register.filter
def markdown(text: str):
    """Staff-written text in a small Markdown subset, sanitised."""
    return render_markdown(text)


@register.filter(is_safe=True)
def single_full_stop(text: str) -> str:
    """Wrap a sentence that ends with a name: `{% filter single_full_stop %}…{{ town }}.{% endfilter %}`."""
    return text_single_full_stop(text if isinstance(text, SafeString) else str(text))
