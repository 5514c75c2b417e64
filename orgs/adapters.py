"""allauth customisation: accounts glue for the platform."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from common.transactions import on_commit_delay

from .tasks import send_account_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Deployers can close sign-up (e.g. during an incident) without a code change.
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)

    def send_mail(self, template_prefix, email, context):
        """Render the account email here (the request's language and links), and let a worker
        send it after the commit: no SMTP inside a web request, and a slow mail server never
        holds up sign-up or a password reset."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix, email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        html = next((content for content, mimetype in getattr(message, "alternatives", ())
                     if mimetype == "text/html"), None)
        on_commit_delay(send_account_email, subject=message.subject, body=message.body,
                        from_email=message.from_email, to=list(message.to), html=html,
                        body_is_html=message.content_subtype == "html")
