"""allauth customisation: accounts glue for the platform."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives

from common.transactions import on_commit_delay

from .tasks import send_account_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Deployers can close sign-up (e.g. during an incident) without a code change.
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)

    def render_mail(self, template_prefix, email, context, headers=None):
        """Account emails (address confirmation, password reset) are rendered in the request, in
        its language and with its links; allauth's send() then only queues them (see below)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.__class__ = QUEUED[type(message)]
        return message


class QueuedSend:
    """send() queues the rendered message for a Celery worker after the commit: no SMTP inside a
    web request, and a slow mail server never holds up sign-up or a password reset."""

    def send(self, fail_silently=False):
        html = next((content for content, mimetype in getattr(self, "alternatives", ()) if mimetype == "text/html"),
                    None)
        on_commit_delay(send_account_email, subject=self.subject, body=self.body, from_email=self.from_email,
                        to=list(self.to), html=html, body_is_html=self.content_subtype == "html")
        return 1


class QueuedEmailMessage(QueuedSend, EmailMessage):
    pass


class QueuedEmailMultiAlternatives(QueuedSend, EmailMultiAlternatives):
    pass


QUEUED = {EmailMessage: QueuedEmailMessage, EmailMultiAlternatives: QueuedEmailMultiAlternatives}
