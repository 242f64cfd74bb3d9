"""How every e-mail of the platform is addressed: the organisation is the sender, its name leads
the subject, and links are absolute to SITE_URL. Apps render their own templates; this module only
frames them, so that account mails (django-allauth, see accounts/adapter.py) and our own mails
agree.

The address comes from DEFAULT_FROM_EMAIL (the mail server must be allowed to send for it); the
name shown is "<organisation> – Zukunftswerkstatt" whenever the mail belongs to an organisation.
Replies go to the organisation's contact address when it has one.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from .links import site_url

if TYPE_CHECKING:
    from .models import Organisation


def platform_name() -> str:
    return gettext("Zukunftswerkstatt")


def mail_from(organisation: Organisation | None = None) -> str:
    """The sender: e.g. "Städteverbund Göltzschtal – Zukunftswerkstatt <beteiligung@example.de>"."""
    configured_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = f"{organisation.name} – {platform_name()}" if organisation else configured_name or platform_name()
    if organisation is not None and organisation.mail_from_address:
        # Its own sender (issue 17): the mail server must be allowed to send for it.
        address = organisation.mail_from_address
    # Unencoded and quoted where needed; Django encodes the header when it sends.
    return str(Address(display_name=name, addr_spec=address))


def mail_subject(subject: str, *, organisation: Organisation | None = None) -> str:
    """The subject with the configured prefix, or the organisation's name in brackets."""
    prefix = settings.MAIL_SUBJECT_PREFIX
    if prefix is None:
        prefix = f"[{organisation.name if organisation else platform_name()}] "
    return prefix + " ".join(str(subject).split())


def mail_reply_to(organisation: Organisation | None) -> list[str] | None:
    return [organisation.contact_email] if organisation is not None and organisation.contact_email else None


def mail_context(organisation: Organisation | None) -> dict:
    """What every mail template may use: the organisation that writes and the site's address."""
    return {"organisation": organisation, "platform_name": platform_name(), "site_url": site_url()}


def mail_build(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    organisation: Organisation | None,
    subject_params: dict | None = None,
    language: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """Render `template` in `language` (default: the site's) and address it from the organisation.
    The subject is translated in the same language: pass it lazily, with `subject_params` for its
    placeholders."""
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {**mail_context(organisation), **context})
        text = str(subject) % subject_params if subject_params else str(subject)
        return EmailMultiAlternatives(
            subject=mail_subject(text, organisation=organisation),
            body=body,
            from_email=mail_from(organisation),
            to=to,
            reply_to=reply_to if reply_to is not None else mail_reply_to(organisation),
            headers=headers,
        )
