"""What the newsletter keeps about a person (see accounts/privacy.py).

Subscriptions are by address, not by account: the download shows the subscriptions of the account's
e-mail address, and deleting the account deletes them (with their delivery rows). Postal
subscribers have no account; they are in no download (nothing proves whose address it is) and staff
delete them on request (back office)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry, stamp

from .models import Channel, Subscription


def _of(user):
    if not user.email:
        return Subscription.objects.none()
    return Subscription.objects.filter(channel=Channel.EMAIL, email__iexact=user.email)


def subscriptions(user) -> list[dict]:
    return [
        {
            "process": s.process.title,
            "email": s.email,
            "towns": [town.name for town in s.towns.all()],
            "language": s.language,
            "created": stamp(s.created),
            "confirmation_sent_at": stamp(s.confirmation_sent_at),
            "confirmed_at": stamp(s.confirmed_at),
            "unsubscribed_at": stamp(s.unsubscribed_at),
        }
        for s in _of(user).select_related("process").prefetch_related("towns").order_by("pk")
    ]


def subscriptions_erase(user) -> None:
    _of(user).delete()


registry.register(
    key="newsletter_subscriptions",
    title=_("Newsletter subscriptions"),
    fields={"newsletter.Subscription.email": Treatment.DELETED},
    export=subscriptions,
    erase=subscriptions_erase,
    description=_(
        "Subscriptions of your e-mail address. Unconfirmed addresses are deleted after 7 days, "
        "unsubscribed ones after 30 days."
    ),
)
registry.declare_role_records(
    "newsletter.Subscription.entered_by",
    "newsletter.Issue.created_by",
    reason=_("staff who entered a postal subscriber with consent or wrote a newsletter issue"),
)
registry.review(
    "newsletter.Subscription",
    "id created modified process channel email name address consent_note entered_by towns language "
    "confirmation_sent_at confirmed_at unsubscribed_at",
)
