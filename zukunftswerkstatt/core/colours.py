"""Colours an organisation chooses for its pages, held to WCAG 2.1 contrast (success criterion
1.4.3: 4.5:1 for text). The brand colour is used as the background of buttons with white text and
as the colour of links on white, so it must reach 4.5:1 against white."""

from __future__ import annotations

import math
import re

from django.core.exceptions import ValidationError
from django.utils import formats
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


def _ratio_text(ratio: float) -> str:
    """Two decimals, rounded down, so that 4.48 never reads as "4.5" beside "needs 4.5"."""
    return formats.number_format(math.floor(ratio * 100) / 100, 2)


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
            params={"ratio": _ratio_text(ratio)},
        )


# The light backgrounds of main.css that carry links and text: --color-surface (footer, messages,
# "take part" boxes) and the note's yellow (.note). A brand colour used for links must be legible on
# them too, not only on white.
LIGHT_BACKGROUNDS = ("#f3f6f8", "#fff6e0")
# The other text colours of main.css that stand on --color-surface, which the brand's tint replaces.
TEXT_COLOURS = ("#1b1f23", "#4a5560", "#1e6b34", "#b00020", "#6b4b00")
# The focus outline in the header (main.css, .site-header :focus-visible) needs 3:1 (WCAG 2.1, 1.4.11).
HEADER_FOCUS = "#ffd27a"
MIN_NON_TEXT_CONTRAST = 3.0
BLACK = "#000000"


def validate_brand_colour_on_backgrounds(value: str) -> None:
    """The second check of the back office: 4.5:1 on our light backgrounds as well as on white."""
    weakest = min(contrast_ratio(value, background) for background in LIGHT_BACKGROUNDS)
    if weakest < MIN_TEXT_CONTRAST:
        raise ValidationError(
            _(
                "This colour reaches 4.5:1 against white, but only %(ratio)s:1 on the light backgrounds of our "
                "pages (boxes, notes, the footer), where links appear too. Choose a slightly darker shade."
            ),
            code="contrast_background",
            params={"ratio": _ratio_text(weakest)},
        )


def mix(colour: str, other: str, weight: float) -> str:
    """`colour` moved towards `other` by `weight` (0: colour, 1: other), channel by channel in sRGB."""
    channels = []
    for i in (1, 3, 5):
        a, b = int(colour[i : i + 2], 16), int(other[i : i + 2], 16)
        channels.append(round(a + (b - a) * weight))
    return "#{:02x}{:02x}{:02x}".format(*channels)


def brand_palette(colour: str) -> dict[str, str]:
    """The custom properties of main.css an organisation's colour replaces, each one contrast-checked.

    - primary: the colour itself (links on white, white text on buttons);
    - primary-dark: hover and the header's background, darker still (white text, the header's focus ring);
    - surface: a light tint of the colour for boxes and the footer, light enough that every text
      colour of main.css and the brand colour keep 4.5:1 on it (at worst white, where all of them do).
    """
    colour = colour.lower()
    dark = mix(colour, BLACK, 0.3)
    for weight in (0.35, 0.45, 0.55):
        if contrast_ratio(dark, HEADER_FOCUS) >= MIN_NON_TEXT_CONTRAST:
            break
        dark = mix(colour, BLACK, weight)
    surface = WHITE
    for weight in (0.93, 0.95, 0.97):
        tint = mix(colour, WHITE, weight)
        if all(contrast_ratio(text, tint) >= MIN_TEXT_CONTRAST for text in (colour, *TEXT_COLOURS)):
            surface = tint
            break
    return {"primary": colour, "primary-dark": dark, "running": colour, "surface": surface}
