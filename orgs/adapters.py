"""allauth customisation: accounts glue for the platform."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils.translation import gettext

from common.emails import site_url
from common.transactions import on_commit_delay

from .tasks import send_account_email


def _on_site(url):
    """`url` with the configured site's scheme and host: links in emails never name whatever host
    the request came in on (127.0.0.1:8000 behind a proxy, say)."""
    parts = urlsplit(url)
    return site_url(parts.path + (f"?{parts.query}" if parts.query else ""))

from common.net import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Deployers can close sign-up (e.g. during an incident) without a code change.
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)

    def format_email_subject(self, subject):
        return f"[{gettext('NGO 2.0')}] {subject}"

    def send_mail(self, template_prefix, email, context):
        """Render the account email here (the request's language and links), and let a worker
        send it after the commit: no SMTP inside a web request, and a slow mail server never
        holds up sign-up or a password reset. allauth's templates greet with current_site's name
        and domain: the configured site's, never the request's host."""
        request = allauth_context.request
        site = SimpleNamespace(name=gettext("NGO 2.0"), domain=urlsplit(site_url("/")).netloc)
        message = self.render_mail(template_prefix, email,
                                   {"request": request, "email": email, **context, "current_site": site})
        html = next((content for content, mimetype in getattr(message, "alternatives", ())
                     if mimetype == "text/html"), None)
        on_commit_delay(send_account_email, subject=message.subject, body=message.body,
                        from_email=message.from_email, to=list(message.to), html=html,
                        body_is_html=message.content_subtype == "html")

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return _on_site(super().get_reset_password_from_key_url(key))
    def get_client_ip(self, request):
        # One rule for every limiter (settings.TRUSTED_PROXY_COUNT): allauth's login and sign-up
        # limits count the real client behind our nginx, and never a client-chosen X-Forwarded-For.
        return client_ip(request)
