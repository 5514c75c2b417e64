from django.urls import path

from . import disclosure_views, views

app_name = "evaluation"

urlpatterns = [
    path("method/", views.methodology, name="method"),
    path("method/<str:version>/", views.methodology_version, name="method-version"),
    path("funders/", views.funders, name="funders"),
    path("figures/", views.figures, name="figures"),
    path("funders/export.<str:file_format>", views.funders_export, name="funders-export"),
    path("compare/", views.compare, name="compare"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("shortlist/<str:slug>/", views.shortlist_toggle, name="shortlist-toggle"),
    path("rate/<str:slug>/", views.rate, name="rate"),
    path("ratings/<int:pk>/flag/", views.flag, name="flag-rating"),
    path("disclosures/review/", disclosure_views.review_queue, name="disclosure-review-queue"),
    path("disclosures/item/<int:pk>/review/", disclosure_views.review, name="disclosure-review"),
    path("disclosures/item/<int:pk>/edit/", disclosure_views.edit, name="disclosure-edit"),
    path("disclosures/item/<int:pk>/file/", disclosure_views.file, name="disclosure-file"),
    path("disclosures/of/<str:slug>/", disclosure_views.manage, name="disclosures"),
    path("disclosures/of/<str:slug>/add/<str:kind>/", disclosure_views.add, name="disclosure-add"),
]
