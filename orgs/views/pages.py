"""The home page and the directory."""

from django.shortcuts import render

from ..forms import DirectoryFilterForm
from ..models import Organization, OrganizationStatus
from common.pagination import CappedPaginator
from ..selectors import organization_list

DIRECTORY_PAGE_SIZE = 20


def home(request):
    recent = organization_list().order_by("-updated_at")[:6]
    published = Organization.objects.filter(status=OrganizationStatus.PUBLISHED)
    return render(
        request,
        "orgs/home.html",
        {"recent": recent, "published_count": published.count(), "search_form": DirectoryFilterForm()},
    )


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organizations = organization_list(filters=filters)
    page = CappedPaginator(organizations, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
