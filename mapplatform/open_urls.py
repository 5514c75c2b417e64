"""Pages of the open data and the embeddable map (under the language prefix)."""

from django.urls import path

from . import open_views

app_name = "opendata"

urlpatterns = [
    path("open-data/", open_views.open_data_page, name="page"),
    path("open-data/dictionary/", open_views.open_data_dictionary, name="dictionary"),
    path("embed/", open_views.embed_builder, name="embed-builder"),
    path("embed/map/", open_views.embed_map, name="embed-map"),
]
