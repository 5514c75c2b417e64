"""Who may use the API: anyone reads; writes need a signed-in person with a verified email."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..rules import is_verified


class VerifiedForWrites(BasePermission):
    """Reads are open (views narrow them further); a write needs a verified email address, as on
    the web, where allauth lets no unverified account sign in."""

    message = _("Sign in with a verified email address to change anything.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or getattr(view, request.method.lower(), None) is None:
            return True  # a read, or a method the view does not have (its 405 says so)
        return bool(request.user and request.user.is_authenticated and is_verified(request.user))

