"""Themes: contributions, live-board cards and paper cards that belong together (docs/similarity.md)."""
