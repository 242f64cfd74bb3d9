"""What the live workshop board keeps about a person (see accounts/privacy.py).

People who join with the code have no account; only a hash of their token is kept. A card is tied
to an account when a signed-in person writes it on their phone, or when staff type in a paper card.
"""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry, stamp

from .models import Card


def cards(user) -> list[dict]:
    return [
        {
            "id": c.pk,
            "created": stamp(c.created),
            "session": c.session.title,
            "step": c.step,
            "text": c.text,
            "typed_in_from_paper": c.from_paper,
        }
        for c in Card.objects.filter(added_by=user).select_related("session").order_by("pk")
    ]


registry.register(
    key="workshop_cards",
    title=_("Cards on the workshop board"),
    fields={"workshops.Card.added_by": Treatment.WITHOUT_NAME},
    export=cards,
)
registry.declare_role_records(
    "workshops.WorkshopSession.started_by",
    "workshops.Dot.added_by",
    "workshops.ClassInvitation.created_by",
    reason=_("staff who ran a session, counted paper dots or invited a class"),
)
# Class mode: the teacher or youth worker has no account; the team may note their name and address
# with the invitation, for questions. They are deleted with the invitation (by the team, in the back office).
registry.declare_without_account(
    "workshops.ClassInvitation.leader_email",
    reason=_(
        "the address of a teacher or youth worker the team invited to class mode (no account), "
        "optional, for questions; kept with the invitation"
    ),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "workshops.Card",
    "id session step text cluster participant from_paper added_by nonce is_hidden dot_count idea created "
    # Town and age group of whoever wrote a paper card, typed in by staff: they describe that writer,
    # not the staff member in added_by, so they are not in added_by's download.
    "participant_town participant_age_group",
)
