"""What the events app keeps about a person (see accounts/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry

from .selectors import person_registrations
from .services import registrations_forget_person

registry.register(
    key="event_registrations",
    title=_("Event registrations"),
    fields={
        # The seat stays (who came is counted), name, contact and needs are blanked.
        "events.Registration.user": Treatment.ANONYMISED,
        "events.Registration.email": Treatment.ANONYMISED,
    },
    export=person_registrations,
    erase=registrations_forget_person,
    description=_(
        "Registrations without an account are matched by nobody: their personal details are removed "
        "a set number of days after the event."
    ),
)
registry.declare_role_records(
    "events.Registration.registered_by",
    "events.Documentation.written_by",
    reason=_("staff who typed in a registration by telephone or wrote up an event"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "events.Registration",
    "id created modified event user name email phone companions needs_sign_language "
    "needs_easy_language needs_wheelchair_place needs_other status waiting_position cancel_token_hash "
    "channel registered_by cancelled_at reminder_sent_at anonymised_at "
    # Needs (exported as "needs" with the time of consent), the mail language, and the state of an
    # offer of free seats to a waiting group (its token is stored only as a hash).
    "needs_step_free_access needs_childcare needs_interpreter_language needs_consented_at language "
    "offered_seats offered_at offer_token_hash "
    # The optional town and age group given for the statistics (exported as lives_in, age_group).
    "participant_town participant_age_group",
)
