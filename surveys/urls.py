from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("i/<str:token>/", views.respond_by_invitation, name="invitation"),
    path("i/<str:token>/autosave/", views.autosave_by_invitation, name="invitation-autosave"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/export.<str:file_format>", views.export, name="export"),
    path("<slug:slug>/<str:org_slug>/", views.respond_as_member, name="respond"),
    path("<slug:slug>/<str:org_slug>/autosave/", views.autosave_as_member, name="autosave"),
]
