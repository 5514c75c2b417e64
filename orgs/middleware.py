"""Consent before writing: a signed-in user who has not agreed to the policies in force (a new
version, or a withdrawn consent) can read, but every write waits until they agree (PIPL)."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .selectors import policy_current_ids, policy_missing_ids

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Writes that must work without consent: agreeing itself, leaving, and the person's own rights.
EXEMPT_URL_NAMES = {"policy-consent", "policy-withdraw", "delete-account", "account_logout", "set_language"}
SESSION_KEY = "policies_agreed"


class PolicyConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.policy_consent_needed = False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            current = policy_current_ids()
            if current:
                refusal = self._check(request, user, current)
                if refusal is not None:
                    return refusal
        return self.get_response(request)

    def _check(self, request, user, current):
        if request.method in SAFE_METHODS:
            # Reads ask the database once per session and version, for the banner only.
            if request.session.get(SESSION_KEY) == current:
                return None
        missing = policy_missing_ids(user, current)
        if not missing:
            if request.session.get(SESSION_KEY) != current:
                request.session[SESSION_KEY] = current
            return None
        request.session.pop(SESSION_KEY, None)
        request.policy_consent_needed = True
        if request.method in SAFE_METHODS or self._exempt(request):
            return None
        message = _("Please read and agree to the current privacy policy and terms of use before you continue.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message, "consent_url": reverse("orgs:policy-consent")}, status=403)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = request.get_full_path()
        return redirect(f"{reverse('orgs:policy-consent')}?{urlencode({'next': back})}")

    @staticmethod
    def _exempt(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in EXEMPT_URL_NAMES
