"""The visitor's IP address, for rate limits, behind a known number of reverse proxies."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """With TRUSTED_PROXY_COUNT = n, the n-th address from the right of X-Forwarded-For is the
    client: each trusted proxy appends the address it saw, and anything further left could be
    made up by the client itself."""
    count = settings.TRUSTED_PROXY_COUNT
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if count and len(hops) >= count:
        return hops[-count]
    return request.META.get("REMOTE_ADDR", "")
