"""Certificates in public: anyone checks one by its code; the holder and trainers download the PDF."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from common.emails import site_url

from .models.codes import normalize_code
from .pdf import certificate_pdf
from .services.certificates import certificate_by_code


def certificate_verify_url(certificate):
    """The absolute Chinese-language address printed on the certificate and in its QR code."""
    with translation.override("zh-hans"):
        return site_url(reverse("trainings:certificate-verify", kwargs={"code": certificate.code}))


def certificate_lookup(request):
    """A typed code leads to its verification page."""
    code = normalize_code(request.GET.get("code"))
    if code:
        return redirect("trainings:certificate-verify", code=code)
    return render(request, "trainings/certificate_verify.html", {"certificate": None, "code": ""})


def certificate_verify(request, code):
    certificate = certificate_by_code(code)
    response = render(request, "trainings/certificate_verify.html",
                      {"certificate": certificate, "code": normalize_code(code)},
                      status=200 if certificate else 404)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def certificate_download(request, code):
    certificate = certificate_by_code(code)
    if certificate is None:
        raise Http404(_("No certificate has this number."))
    if not request.user.has_perm("trainings.download_certificate", certificate):
        raise PermissionDenied(_("Only the holder and the trainers can download this certificate."))
    if certificate.is_revoked:
        raise PermissionDenied(_("This certificate was revoked."))
    language = "en" if request.GET.get("lang") == "en" else "zh-hans"
    content = certificate_pdf(certificate=certificate, verify_url=certificate_verify_url(certificate),
                              language=language)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}-{language}.pdf"'
    return response
