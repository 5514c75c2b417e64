"""The home page and the directory."""

from django.shortcuts import render

from ..forms import DirectoryFilterForm
from ..models import Organization, OrganizationStatus
from ..search import SearchPaginator
from ..selectors import organization_list, organization_search

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
    page = SearchPaginator(organization_search(filters=filters), DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
