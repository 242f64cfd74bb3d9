"""Licences under which an organisation publishes its open data (API, downloads, DCAT-AP.de metadata).

The identifiers and addresses are those of the licence vocabulary that GovData and DCAT-AP.de use
(https://www.dcat-ap.de/def/licenses/), so that a state's open data portal understands the metadata
without a mapping. The default is the Datenlizenz Deutschland – Namensnennung – Version 2.0, the
licence most German public bodies publish under (reuse allowed, the source must be named).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

VOCABULARY = "http://dcat-ap.de/def/licenses/"


@dataclass(frozen=True)
class Licence:
    code: str
    """The identifier in the DCAT-AP.de licence vocabulary."""
    name: str
    """The licence's own, official name (not translated)."""
    url: str
    """The licence text."""
    needs_attribution: bool

    @property
    def uri(self) -> str:
        """The licence's address in the DCAT-AP.de vocabulary (dcterms:license)."""
        return VOCABULARY + self.code


LICENCES: dict[str, Licence] = {
    licence.code: licence
    for licence in (
        Licence(
            "dl-by-de/2.0",
            "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            "https://www.govdata.de/dl-de/by-2-0",
            True,
        ),
        Licence(
            "dl-zero-de/2.0",
            "Datenlizenz Deutschland – Zero – Version 2.0",
            "https://www.govdata.de/dl-de/zero-2-0",
            False,
        ),
        Licence(
            "cc-by/4.0",
            "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            "https://creativecommons.org/licenses/by/4.0/",
            True,
        ),
        Licence(
            "cc-zero",
            "Creative Commons CC Zero License (cc-zero)",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            False,
        ),
    )
}
DEFAULT_LICENCE = "dl-by-de/2.0"


class LicenceChoice(models.TextChoices):
    DL_BY = "dl-by-de/2.0", _("Data licence Germany – attribution – 2.0 (recommended)")
    DL_ZERO = "dl-zero-de/2.0", _("Data licence Germany – zero – 2.0 (no attribution needed)")
    CC_BY = "cc-by/4.0", _("Creative Commons Attribution 4.0")
    CC_ZERO = "cc-zero", _("Creative Commons Zero (public domain)")


def licence_of(code: str) -> Licence:
    return LICENCES.get(code) or LICENCES[DEFAULT_LICENCE]
