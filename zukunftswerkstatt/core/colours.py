"""Colours an organisation chooses for its pages, held to WCAG 2.1 contrast (success criterion
1.4.3: 4.5:1 for text). The brand colour is used as the background of buttons with white text and
as the colour of links on white, so it must reach 4.5:1 against white."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}\Z")
WHITE = "#ffffff"
MIN_TEXT_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a colour written "#rrggbb"."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def validate_brand_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, for example #1d5c8c."), code="format"
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_TEXT_CONTRAST:
        raise ValidationError(
            _(
                "This colour has a contrast of only %(ratio)s:1 against white; text needs at least 4.5:1 "
                "(WCAG 2.1, 1.4.3). Choose a darker shade."
            ),
            code="contrast",
            params={"ratio": f"{ratio:.1f}"},
        )
