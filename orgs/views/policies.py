"""The privacy policy and terms pages, every earlier version, and agreeing or withdrawing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import PolicyConsentForm
from ..models import PolicyDocument, PolicyKind
from ..selectors import policy_current_documents
from ..services.policies import policy_consent_record, policy_consent_withdraw


def _published(kind):
    if kind not in PolicyKind.values:
        raise Http404
    return PolicyDocument.objects.filter(kind=kind, published_at__lte=timezone.now()).order_by("-version")


def policy(request, kind):
    """The version in force, with links to the earlier ones."""
    versions = list(_published(kind).only("kind", "version", "published_at", "title_zh", "title_en")[:50])
    if not versions:
        raise Http404
    document = PolicyDocument.objects.get(pk=versions[0].pk)
    return render(request, "orgs/policy.html", {"document": document, "versions": versions, "current": True})


def policy_version(request, kind, version):
    document = get_object_or_404(_published(kind), version=version)
    versions = list(_published(kind).only("kind", "version", "published_at", "title_zh", "title_en")[:50])
    current = bool(versions) and versions[0].pk == document.pk
    return render(request, "orgs/policy.html", {"document": document, "versions": versions, "current": current})


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


@login_required
def consent(request):
    """Agree to the versions in force: asked at sign-up, and again when a version changes."""
    documents = policy_current_documents()
    form = PolicyConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy_consent_record(user=request.user, documents=documents)
        messages.success(request, _("Thank you. Your agreement was recorded."))
        return redirect(_next_url(request) or "orgs:dashboard")
    return render(request, "orgs/consent.html", {"documents": documents, "form": form, "next": _next_url(request)})


@login_required
@require_POST
def withdraw(request):
    policy_consent_withdraw(user=request.user)
    messages.success(request, _(
        "Your consent is withdrawn. You can still read, download or delete your data; "
        "to write on the platform again, agree to the current policies."))
    return redirect("orgs:dashboard")
