"""The demography app's indicators, read through one guarded door.

The demography app provides `demography.indicators.INDICATORS` (key → definition with name, unit
and definition) and `demography.selectors.latest_indicator(...)`. While it is missing (or broken)
the SWOT keeps working: indicator keys stay stored and are shown by their key, without a value.

A page that cites several indicators reads the demography data set once (`dataset_get`, the
selector behind `latest_indicator`) and takes each figure from it; if that is not possible, each
figure is asked for with `latest_indicator`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format

logger = logging.getLogger(__name__)

_MISSING = object()


@dataclass(frozen=True)
class IndicatorValue:
    """What a page shows for one cited indicator."""

    key: str
    name: str
    unit: str
    definition: str
    municipality_name: str
    value: Any = None
    year: Any = None
    source: str = ""
    is_illustrative: bool = False
    decimals: int = 1
    url: str = ""

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def display_value(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, int | float):
            return number_format(self.value, decimal_pos=self.decimals, force_grouping=True)
        return str(self.value)


def _field(definition: Any, name: str, default: Any = "") -> Any:
    if definition is None:
        return default
    value = definition.get(name, default) if isinstance(definition, dict) else getattr(definition, name, default)
    return default if value is None else value


def indicator_definitions() -> dict[str, Any]:
    """key → definition; empty while the demography app does not provide them."""
    try:
        from zukunftswerkstatt.demography.indicators import INDICATORS
    except Exception:  # noqa: BLE001 - another app's module may be missing or half-written
        return {}
    return dict(INDICATORS)


def indicator_choices() -> list[tuple[str, str]]:
    return [(key, str(_field(definition, "name")) or key) for key, definition in indicator_definitions().items()]


def indicator_is_known(key: str) -> bool:
    definitions = indicator_definitions()
    # Without the demography app nothing can be checked; any key is kept as it is.
    return key in definitions if definitions else bool(key)


def latest(*, organisation, municipality, key: str):
    """The demography app's latest value, or None (no data, or the app is not there)."""
    try:
        from zukunftswerkstatt.demography.selectors import latest_indicator
    except Exception:  # noqa: BLE001 - see indicator_definitions
        return None
    try:
        return latest_indicator(organisation=organisation, municipality=municipality, key=key)
    except Exception:  # a failing figure must not take the matrix down
        logger.exception("latest_indicator failed for %s", key)
        return None


def _part(result: Any, name: str):
    if result is None:
        return None
    return result.get(name) if isinstance(result, dict) else getattr(result, name, None)


def indicator_value(
    *, key: str, result: Any, municipality_name: str, url: str = "", definitions: dict | None = None
) -> IndicatorValue:
    definitions = indicator_definitions() if definitions is None else definitions
    definition = definitions.get(key)
    source = _part(result, "source") or _field(definition, "source")
    return IndicatorValue(
        key=key,
        name=str(_field(definition, "name")) or key,
        unit=str(_field(definition, "unit")),
        definition=str(_field(definition, "definition")),
        municipality_name=municipality_name,
        value=_part(result, "value"),
        # The year, or the reference date where it is not 31 December (a population on 30 June).
        year=_part(result, "date_label") or _part(result, "year"),
        source=str(source) if (source and result is not None) else "",
        is_illustrative=bool(_part(result, "is_illustrative")),
        decimals=int(_field(definition, "decimals", 1)),
        url=url,
    )


class DemographyData:
    """The demography data set of one organisation, read at most once."""

    def __init__(self, *, organisation, towns) -> None:
        self.organisation = organisation
        self.towns = list(towns)
        self._dataset: Any = _MISSING

    def _load(self):
        if self._dataset is _MISSING:
            try:
                from zukunftswerkstatt.demography.selectors import dataset_get

                self._dataset = dataset_get(organisation_id=self.organisation.pk, municipalities=self.towns)
            except Exception:  # noqa: BLE001 - fall back to latest_indicator per figure
                self._dataset = None
        return self._dataset

    def result(self, *, municipality, key: str):
        dataset = self._load()
        if dataset is not None:
            try:
                from zukunftswerkstatt.demography.selectors import ASSOCIATION

                series = dataset[ASSOCIATION if municipality is None else municipality.pk]
                return series.indicator(key)
            except Exception:  # noqa: BLE001 - a town outside the data set, an unknown key, …
                logger.debug("dataset lookup failed for %s", key, exc_info=True)
        return latest(organisation=self.organisation, municipality=municipality, key=key)
