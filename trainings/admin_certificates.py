"""Certificates in the admin: trainers issue them in bulk to participants (or a whole workshop)
and revoke them with a reason. Every action calls the certificate services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Certificate
from .services.certificates import certificate_candidates, certificate_issue, certificate_revoke


def _report(modeladmin, request, issued, refused):
    for application, reason in refused.items():
        modeladmin.message_user(request, f"{application.organization}: {reason}", messages.WARNING)
    modeladmin.message_user(
        request,
        ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", len(issued)) % {"count": len(issued)},
        messages.SUCCESS if issued else messages.INFO,
    )


@admin.action(description=_("Issue certificates (to those who attended enough days)"), permissions=["change"])
def issue_certificates_to_applications(modeladmin, request, queryset):
    try:
        issued, refused = certificate_issue(applications=list(queryset), user=request.user)
    except PermissionDenied as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return
    _report(modeladmin, request, issued, refused)


@admin.action(description=_("Issue certificates to everyone who attended enough days"), permissions=["change"])
def issue_certificates_to_workshops(modeladmin, request, queryset):
    applications = []
    for event in queryset:
        applications += [application for application in certificate_candidates(event=event)
                         if not application.certificates.filter(revoked_at__isnull=True).exists()]
    try:
        issued, refused = certificate_issue(applications=applications, user=request.user)
    except PermissionDenied as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return
    _report(modeladmin, request, issued, refused)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why are these certificates revoked?"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RevokedFilter(admin.SimpleListFilter):
    title = _("revoked")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("no", _("Valid")), ("yes", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "no")
        return queryset


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "holder_name", "organization", "event", "days_attended", "issued_at", "revoked_at",
                    "links"]
    list_filter = [RevokedFilter, "application__event"]
    search_fields = ["code", "holder_name", "application__organization__name", "application__event__title_zh"]
    list_select_related = ["application__organization", "application__event"]
    readonly_fields = ["application", "code", "holder_name", "days_attended", "issued_at", "issued_by",
                       "revoked_at", "revoked_by", "revoke_reason"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # issued by the actions on workshops and applications, which check attendance

    @admin.display(description=_("organization"), ordering="application__organization__name")
    def organization(self, certificate):
        return certificate.application.organization

    @admin.display(description=_("workshop"), ordering="application__event")
    def event(self, certificate):
        return certificate.application.event

    @admin.display(description=_("links"))
    def links(self, certificate):
        pdf = reverse("trainings:certificate-pdf", kwargs={"code": certificate.code})
        return format_html('<a href="{}">{}</a> · <a href="{}">PDF</a> · <a href="{}?lang=en">PDF (English)</a>',
                           certificate.get_absolute_url(), _("check"), pdf, pdf)

    @admin.action(description=_("Revoke the selected certificates"), permissions=["change"])
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(request, "admin/trainings/revoke_form.html", {
                **self.admin_site.each_context(request), "title": _("Revoke certificates"), "form": form,
                "queryset": queryset, "action": "revoke", "opts": self.model._meta,
            })
        try:
            count = certificate_revoke(certificates=list(queryset), user=request.user,
                                       reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return None
        self.message_user(request, ngettext("%(count)s certificate revoked.", "%(count)s certificates revoked.",
                                            count) % {"count": count}, messages.SUCCESS)
        return None
