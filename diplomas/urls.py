from django.urls import path

from . import views

app_name = "diplomas"

urlpatterns = [
    # Public
    path("diplomerade/", views.listing, name="listing"),
    path("diplomerade/data.csv", views.listing_csv, name="listing_csv"),
    path("diplomerade/data.json", views.listing_json, name="listing_json"),
    path("diplomerade/oppna-data/", views.open_data_page, name="open_data"),
    path("diplomerade/datapackage.json", views.datapackage, name="datapackage"),
    path("diplomerade/statistik/", views.statistics, name="statistics"),
    path("diplomerade/karta/", views.diploma_map, name="map"),
    path("diplomerade/<slug:slug>/", views.profile, name="profile"),
    path("kriterier/", views.criteria, name="criteria"),
    path("kriterier/<str:kind>/<str:version>/", views.criteria_version, name="criteria_version"),
    # Coordinators and members
    path("organisationer/", views.my_organisations, name="my_organisations"),
    # Asking to become coordinator; before the organisation's own pages, whose slug would match.
    path(
        "organisationer/bli-samordnare/",
        views.coordinator_request_search,
        name="coordinator_request_search",
    ),
    path(
        "organisationer/bli-samordnare/forfragan/<int:pk>/aterkalla/",
        views.coordinator_request_withdraw,
        name="coordinator_request_withdraw",
    ),
    path(
        "organisationer/bli-samordnare/<slug:slug>/",
        views.coordinator_request_new,
        name="coordinator_request_new",
    ),
    path("organisationer/<slug:slug>/", views.dashboard, name="dashboard"),
    path("organisationer/<slug:slug>/profil/", views.edit_profile, name="edit_profile"),
    path("organisationer/<slug:slug>/rapport/", views.submission_start, name="submission_start"),
    path("organisationer/<slug:slug>/rapport/<int:pk>/", views.submission, name="submission"),
    path("organisationer/<slug:slug>/bilaga/<int:pk>/", views.attachment, name="attachment"),
    path(
        "organisationer/<slug:slug>/bilaga/<int:pk>/ta-bort/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("organisationer/<slug:slug>/aktiviteter/", views.activities, name="activities"),
    path(
        "organisationer/<slug:slug>/aktiviteter/<int:pk>/",
        views.activity_edit,
        name="activity_edit",
    ),
    path("organisationer/<slug:slug>/medlemmar/", views.members, name="members"),
    path(
        "organisationer/<slug:slug>/medlemmar/forfragan/<int:pk>/",
        views.coordinator_request_decide,
        name="coordinator_request_decide",
    ),
    path("organisationer/<slug:slug>/arbetsgrupp/", views.local_group, name="local_group"),
    path(
        "organisationer/<slug:slug>/arbetsgrupp/<int:pk>/",
        views.group_member_edit,
        name="group_member_edit",
    ),
    path("inbjudan/<str:token>/", views.invitation, name="invitation"),
]
