"""Pages that take the map's data beyond the site: the open datasets and the embeddable map."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from .embed import EmbedFilterForm, allow_framing
from .selectors import province_bounds
from .services.opendata import DATASETS, FILE_NAMES, FORMATS, current_files, open_data_file


def _datasets_with_files():
    files = current_files()
    return [
        {"dataset": dataset,
         "files": [{"name": f"{dataset.key}.{extension}", "format": extension,
                    "file": files.get(f"{dataset.key}.{extension}")} for extension in FORMATS]}
        for dataset in DATASETS
    ]


def open_data_page(request):
    """What is published, under which licence, where; and what each column means."""
    return render(request, "mapplatform/open/open_data.html", {
        "datasets": _datasets_with_files(),
        "dictionary": DATASETS,
        "licence_name": settings.OPEN_DATA_LICENCE_NAME,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
    })


def open_data_dictionary(request):
    return render(request, "mapplatform/open/dictionary.html", {"dictionary": DATASETS})


def open_data_download(request, name):
    """The current version of a dataset file, at a URL that never changes."""
    if name not in FILE_NAMES:
        raise Http404(_("There is no such dataset."))
    item = open_data_file(name=name)
    if item is None or not default_storage.exists(item.path):
        raise Http404(_("This dataset has not been published yet."))
    response = FileResponse(default_storage.open(item.path, "rb"), content_type=FORMATS[name.rsplit(".", 1)[1]])
    response["Content-Length"] = str(item.size)
    response["ETag"] = f'"{item.sha256}"'
    response["Last-Modified"] = http_date(item.created_at.timestamp())
    response["Access-Control-Allow-Origin"] = "*"  # open data: scripts on any site may read it
    response["X-Content-Type-Options"] = "nosniff"
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    return response


class OpenDataView(APIView):
    """The open datasets: their files' stable URLs, sizes and dates, the licence and the dictionary."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        datasets = []
        for entry in _datasets_with_files():
            dataset = entry["dataset"]
            datasets.append({
                "key": dataset.key,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "columns": [{"key": field.key, "type": field.type, "description": str(field.description)}
                            for field in dataset.columns],
                "files": [{
                    "format": item["format"],
                    "url": request.build_absolute_uri(reverse("open-data-file", kwargs={"name": item["name"]})),
                    "rows": item["file"].rows if item["file"] else None,
                    "bytes": item["file"].size if item["file"] else None,
                    "updated": item["file"].created_at.isoformat() if item["file"] else None,
                } for item in entry["files"]],
            })
        return Response({
            "licence": {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL},
            "page": request.build_absolute_uri(reverse("opendata:page")),
            "datasets": datasets,
        })


@allow_framing
def embed_map(request):
    """The resource map alone, for a partner's <iframe>: the partner's filters from the query
    string, no site header, links that open the full pages in a new tab."""
    form = EmbedFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "mapplatform/open/embed_map.html", {"form": form, "invalid": True}, status=400)
    query = form.query() if request.GET else ""
    return render(request, "mapplatform/open/embed_map.html", {
        "form": form,
        "province_bounds": province_bounds(),
        "full_map_url": reverse("mapplatform:map") + (f"?{query}" if query else ""),
    })


def embed_builder(request):
    """Builds the <iframe> snippet a partner pastes into their page, with a preview."""
    form = EmbedFilterForm(request.GET or None, initial={"height": 480})
    snippet = preview_url = None
    if not request.GET or form.is_valid():
        query = form.query() if request.GET else ""
        height = (form.cleaned_data.get("height") if request.GET else None) or 480
        preview_url = reverse("opendata:embed-map") + (f"?{query}" if query else "")
        src = escape(request.build_absolute_uri(preview_url))  # the snippet is HTML: & is &amp; in it
        title = escape(_("Resource map of NGO 2.0"))
        snippet = (f'<iframe src="{src}" title="{title}" width="100%" height="{height}" '
                   f'style="border:0;max-width:100%" loading="lazy" '
                   f'referrerpolicy="strict-origin-when-cross-origin"></iframe>')
    return render(request, "mapplatform/open/embed_builder.html", {
        "form": form, "snippet": snippet, "preview_url": preview_url,
        "height": (form.cleaned_data.get("height") if form.is_bound and form.is_valid() else None) or 480,
    })
