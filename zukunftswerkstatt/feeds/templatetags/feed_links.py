"""`{% process_feed_links process %}`: the feeds of a process as <link rel="alternate"> in a page's head,
so that browsers and feed readers find them on the process page."""

from django import template

from ..views import feed_links

register = template.Library()


@register.inclusion_tag("feeds/_head_links.html")
def process_feed_links(process) -> dict:
    return {"process": process, "feeds": feed_links(process)}
