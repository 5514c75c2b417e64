from django.urls import path

from . import views

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
]
