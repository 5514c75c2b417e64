"""allauth customisation: accounts glue for the platform."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Deployers can close sign-up (e.g. during an incident) without a code change.
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)
