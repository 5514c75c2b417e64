"""allauth customisation: accounts glue for the platform."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext

from common.emails import site_url


def _on_site(url):
    """`url` with the configured site's scheme and host: links in emails never name whatever host
    the request came in on (127.0.0.1:8000 behind a proxy, say)."""
    parts = urlsplit(url)
    return site_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Deployers can close sign-up (e.g. during an incident) without a code change.
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)

    def format_email_subject(self, subject):
        return f"[{gettext('NGO 2.0')}] {subject}"

    def send_mail(self, template_prefix, email, context):
        # allauth's templates greet with current_site.name and .domain: the configured site.
        site = SimpleNamespace(name=gettext("NGO 2.0"), domain=urlsplit(site_url("/")).netloc)
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return _on_site(super().get_reset_password_from_key_url(key))
