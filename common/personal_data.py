"""A person's data across the apps (China's PIPL: download it, delete it).

Each app knows what it holds about a user; the account service in `orgs` must collect all of it
without importing the apps above it. So each app has a `personal_data.py` module that registers a
section here, and the registry finds those modules the first time it is asked (as the admin finds
`admin.py`). A section has an `export(user)` that returns plain JSON-able data and an
`erase(user)` that deletes what is personal, anonymises what is an organization's record, and
returns lines for the summary the person sees.
"""

from dataclasses import dataclass
from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable
    erase: Callable | None
    order: int  # erase order: higher apps erase first, the account itself goes last


_sections: dict[str, Section] = {}
_discovered = False


def register(*, name, export, erase=None, order=0):
    """Declare one section of a person's data. `order`: lower erases earlier."""
    _sections[name] = Section(name=name, export=export, erase=erase, order=order)


def _all():
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def sections():
    return [section.name for section in _all()]


def export_all(user):
    """{section name: data} for every registered section."""
    return {section.name: section.export(user) for section in _all()}


def erase_all(user):
    """Run every section's eraser in order; returns the summary lines of all of them."""
    lines = []
    for section in _all():
        if section.erase is not None:
            lines.extend(section.erase(user) or [])
    return lines
