from django.urls import path

from . import feeds, photo_views, subscription_views, views

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
    # Following an area, its digests' unsubscribe link, and feeds of any map filter.
    path("follow/", subscription_views.subscriptions, name="subscriptions"),
    path("follow/new/", subscription_views.follow_new, name="follow-new"),
    path("follow/<int:pk>/edit/", subscription_views.follow_edit, name="follow-edit"),
    path("follow/<int:pk>/delete/", subscription_views.follow_delete, name="follow-delete"),
    path("follow/unsubscribe/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path("map/feed/rss/", feeds.map_feed_rss, name="feed-rss"),
    path("map/feed/atom/", feeds.map_feed_atom, name="feed-atom"),
]
