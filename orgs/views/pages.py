"""The directory (the home page is composed in ngo20.views.home)."""

from django.shortcuts import render

from ..exports import DirectoryExport, directory_export_cap
from ..forms import DirectoryFilterForm
from ..search import SearchPaginator
from ..selectors import organization_search

DIRECTORY_PAGE_SIZE = 20


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    paginator = SearchPaginator(organization_search(filters=filters), DIRECTORY_PAGE_SIZE, query=filters.get("q") or "",
                                narrowed=any(value for name, value in filters.items() if name != "q"), stubs=True)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/directory.html",
        {"form": form, "page": page, "query": query.urlencode(), "export_cap": directory_export_cap()},
    )


def directory_export(request, file_format):
    """The directory as the visitor filtered it, as CSV or XLSX (at most DIRECTORY_EXPORT_MAX_ROWS)."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return DirectoryExport(parts=organization_search(filters=filters), request=request).response(file_format)
