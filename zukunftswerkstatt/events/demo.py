"""The optional details of the demo's registrations (the events themselves are made by
demo.services, which passes these to the registration services).

The story the participation figures tell: older people in Ellefeld and Falkenstein were well
reached (65 to 79, 80 and older), young people from Rodewisch (18 to 29) hardly at all, and
Auerbach, the largest town, has the largest share. About a third of the registrations give
nothing, as in real life. For a group registered at the door, the details are those of the person
who registered it.
"""

from __future__ import annotations

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.models import Municipality

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"

# Registration name → (official key of the town, age group); a name not listed gave nothing.
REGISTRATION_DETAILS: dict[str, tuple[str, str]] = {
    # The kick-offs' guests, as staff asked them at the door.
    "Kirchgemeinde Auerbach": (AUERBACH, AgeGroup.AGE_65_79),
    "Sportverein Ellefeld": (ELLEFELD, AgeGroup.AGE_45_64),
    "Gymnasium Rodewisch": (RODEWISCH, AgeGroup.AGE_45_64),
    "Seniorenbeirat Falkenstein": (FALKENSTEIN, AgeGroup.AGE_80_PLUS),
    "Stadtverwaltung Auerbach": (AUERBACH, AgeGroup.AGE_45_64),
    "Handwerkerverein Göltzschtal": (AUERBACH, AgeGroup.AGE_45_64),
    "Volkssolidarität Vogtland": (AUERBACH, AgeGroup.AGE_65_79),
    "Einzelne Bürgerinnen und Bürger": (AUERBACH, AgeGroup.AGE_45_64),
    "Kirchgemeinde Rodewisch": (RODEWISCH, AgeGroup.AGE_65_79),
    "Seniorenbeirat Auerbach": (AUERBACH, AgeGroup.AGE_80_PLUS),
    "Elternrat Grundschule Ellefeld": (ELLEFELD, AgeGroup.AGE_30_44),
    # The workshop in Falkenstein: Anna online (as in her form), the others by phone.
    "Anna": (RODEWISCH, AgeGroup.AGE_30_44),
    "Gerda Weber": (FALKENSTEIN, AgeGroup.AGE_80_PLUS),
    "Heinz Müller": (ELLEFELD, AgeGroup.AGE_65_79),
}


def registration_details(*, organisation, name: str) -> dict:
    """The keyword arguments `participant_town` and `participant_age_group` for a demo registration."""
    if name not in REGISTRATION_DETAILS:
        return {}
    ags, age_group = REGISTRATION_DETAILS[name]
    town = Municipality.objects.get(organisation=organisation, ags=ags)
    return {"participant_town": town, "participant_age_group": age_group}
