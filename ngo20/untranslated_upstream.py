"""Strings of Django's admin that its own zh-hans catalogue (Django 5.2) leaves in English.

Listed here only so `makemessages` keeps them in the project's catalogue, which Django consults
before its own (LOCALE_PATHS): trainers on a phone otherwise see "MODEL NAME", "ADD LINK"."""

from django.utils.translation import gettext_noop

UPSTREAM_ADMIN_STRINGS = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
]
