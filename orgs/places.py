"""Sections that higher apps add to a place's page in the directory (/orgs/in/<code>/).

orgs may not import the apps above it, yet a county's page shows Future Village's villages. An app
registers a PlaceSection from its AppConfig.ready(); the place page calls each section's
`context(division=..., user=...)` and includes its template when the answer is not None. A
section's context must run a bounded number of queries (the page has a query-count guard).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceSection:
    key: str
    template: str  # rendered with `section` (the context's answer) and `division`
    context: Callable  # (*, division, user) -> dict | None
    order: int = 50


_sections: dict[str, PlaceSection] = {}


def register_place_section(section):
    """Add (or replace, on a reload) a section; called from an AppConfig.ready()."""
    _sections[section.key] = section


def place_sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
