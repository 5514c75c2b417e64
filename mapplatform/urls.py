from django.urls import path

from . import photo_views, views

app_name = "mapplatform"

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("posts/new/", views.post_new, name="post-new"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:pk>/photos/", photo_views.post_photos, name="post-photos"),
    path("posts/<int:pk>/close/", views.post_close_view, name="post-close"),
    path("posts/<int:pk>/propose/", views.propose, name="propose"),
    path("matches/", views.matches_page, name="matches"),
    path("matches/<int:pk>/<str:verb>/", views.match_action, name="match-action"),
    path("suggest/", views.suggest, name="suggest"),
    path("flag/<str:target>/<int:pk>/", views.flag, name="flag"),
]
