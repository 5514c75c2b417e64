from django.urls import path, re_path

from .views import account, divisions, membership, pages, places, policies, profile

app_name = "orgs"

urlpatterns = [
    path("orgs/", pages.directory, name="directory"),
    path("orgs/new/", profile.create, name="create"),
    re_path(r"^orgs/in/(?P<code>[0-9]{6})/$", places.place, name="place"),
    path("orgs/export.<str:file_format>", pages.directory_export, name="directory-export"),
    path("me/", membership.dashboard, name="dashboard"),
    path("me/data.json", account.data_download, name="my-data"),
    path("me/delete/", account.delete_account, name="delete-account"),
    path("me/consent/", policies.consent, name="policy-consent"),
    path("me/consent/withdraw/", policies.withdraw, name="policy-withdraw"),
    path("policies/<str:kind>/", policies.policy, name="policy"),
    path("policies/<str:kind>/v<int:version>/", policies.policy_version, name="policy-version"),
    path("basemap/labels.json", divisions.basemap_labels, name="basemap-labels"),
    path("me/name/", account.display_name, name="display-name"),
    path("divisions/<str:code>/children/", divisions.children, name="division-children"),
    path("orgs/<str:slug>/edit/", profile.edit, name="edit"),
    path("orgs/<str:slug>/submit/", profile.submit_for_review, name="submit"),
    path("orgs/<str:slug>/history/", profile.history, name="history"),
    path("orgs/<str:slug>/history/<int:history_id>/revert/", profile.revert, name="revert"),
    path("orgs/<str:slug>/claim/", membership.claim, name="claim"),
    path("orgs/<str:slug>/members/", membership.members, name="members"),
    path("orgs/<str:slug>/members/<int:membership_id>/decide/", membership.decide, name="decide"),
]
