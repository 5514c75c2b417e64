"""allauth customisation: accounts glue for the platform."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from common.net import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Deployers can close sign-up (e.g. during an incident) without a code change.
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)

    def get_client_ip(self, request):
        # One rule for every limiter (settings.TRUSTED_PROXY_COUNT): allauth's login and sign-up
        # limits count the real client behind our nginx, and never a client-chosen X-Forwarded-For.
        return client_ip(request)
