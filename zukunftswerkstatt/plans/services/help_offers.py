"""Offers to help with a measure ("Ich mache mit"): stored, and with consent passed on to the
measure's contact person by e-mail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.core.mail import mail_build

from ..models import HelpOffer, Measure


@transaction.atomic
def help_offer_create(*, measure: Measure, user, message: str, share_contact: bool) -> HelpOffer:
    """“Ich mache mit”: store the offer; with consent, pass the person's contact to the measure's contact person."""
    offer = HelpOffer(measure=measure, user=user, message=message.strip(), share_contact=share_contact)
    offer.full_clean()
    if share_contact and measure.contact_email:
        offer.forwarded_at = timezone.now()
    offer.save()
    if offer.forwarded_at:
        # The contact person is staff of a German municipality: the site's language.
        mail = mail_build(
            to=[measure.contact_email],
            subject=gettext_lazy("An offer to help with “%(title)s”"),
            subject_params={"title": measure.title},
            template="plans/email/help_offer.txt",
            context={"offer": offer, "measure": measure, "person": user},
            organisation=measure.process.organisation,
            reply_to=[user.email] if user.email else None,
        )
        transaction.on_commit(mail.send)
    return offer


def help_offers_delete_all(*, user) -> int:
    """Remove a person's offers to help (their messages) before their account is deleted."""
    deleted, _rows = HelpOffer.objects.filter(user=user).delete()
    return deleted
