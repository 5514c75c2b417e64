from django.urls import path

from . import views, views_certificates, views_checkin, views_makers, views_villages

app_name = "trainings"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("figures/", views.figures, name="figures"),
    path("applications/", views.my_applications, name="my-applications"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("challenges/<int:pk>/teams/", views.team_new, name="team-new"),
    path("teams/<int:pk>/join/", views.team_join_view, name="team-join"),
    path("teams/<int:pk>/result/", views.team_result, name="team-result"),
    path("teams/<int:pk>/adoption/", views.team_adoption, name="team-adoption"),
    path("villages/", views_villages.village_list, name="villages"),
    path("villages/map.json", views_villages.village_map_data, name="village-map-data"),
    path("villages/new/", views_villages.village_new, name="village-new"),
    path("villages/<int:pk>/", views_villages.village_detail, name="village"),
    path("villages/<int:pk>/projects/new/", views_villages.project_new, name="project-new"),
    path("projects/<int:pk>/", views_villages.project_detail, name="project"),
    path("projects/<int:pk>/join/", views_villages.project_join_view, name="project-join"),
    path("projects/<int:pk>/stage/", views_villages.project_stage_view, name="project-stage"),
    path("projects/<int:pk>/needs/", views_villages.project_need_view, name="project-need"),
    path("projects/<int:pk>/outcomes/", views_villages.project_outcome_view, name="project-outcome"),
    path("projects/<int:pk>/organizations/", views_villages.project_involve_view, name="project-involve"),
    path("photos/<str:kind>/<int:pk>/hide/", views_villages.photo_hide_view, name="photo-hide"),
    path("makers/", views_makers.maker_list, name="makers"),
    path("makers/me/", views_makers.maker_edit, name="maker-edit"),
    path("makers/<int:pk>/", views_makers.maker_detail, name="maker"),
    path("certificates/", views_certificates.certificate_lookup, name="certificate-lookup"),
    path("certificates/<str:code>/", views_certificates.certificate_verify, name="certificate-verify"),
    path("certificates/<str:code>/pdf/", views_certificates.certificate_download, name="certificate-pdf"),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/check-in/", views_checkin.check_in, name="check-in"),
    path("<slug:slug>/challenges/", views.challenge_new, name="challenge-new"),
]
