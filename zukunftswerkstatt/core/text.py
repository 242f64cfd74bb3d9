"""Rich text written by staff (legal pages, descriptions): a small Markdown subset, sanitised.

Markdown turns the text into HTML; nh3 (the Ammonia sanitiser) then keeps only harmless tags and
attributes, so even a staff account cannot inject scripts. Citizens' contributions stay plain text.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Bare web and e-mail addresses become Markdown autolinks (<…>), unless already part of a link.
BARE_URL = re.compile(r"(?<![<(\[\w/])(https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?])")
BARE_EMAIL = re.compile(r"(?<![<:\w.+-])([\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?![\w>])")


def render_markdown(text: str) -> SafeString:
    text = BARE_URL.sub(r"<\1>", text or "")
    text = BARE_EMAIL.sub(r"<\1>", text)
    # Headings start at level 2: the page's title is its only h1.
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


# A name that ends in a full stop ("Auerbach/Vogtl.", "Dr. med.") at the end of a sentence would be
# followed by the sentence's own: ".." is never intended, while an ellipsis "..." is left alone.
DOUBLED_FULL_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def single_full_stop(text: str) -> str:
    """The sentence with any doubled full stop (a name ending in "." before the sentence's ".") made single.

    Keeps a SafeString safe: removing a full stop cannot make HTML unsafe."""
    result = DOUBLED_FULL_STOP.sub(".", text)
    return mark_safe(result) if isinstance(text, SafeString) else result  # noqa: S308 - see above
