from django.urls import path

from . import views

app_name = "diplomas"

urlpatterns = [
    # Public
    path("diplomerade/", views.listing, name="listing"),
    path("diplomerade/data.csv", views.listing_csv, name="listing_csv"),
    path("diplomerade/data.json", views.listing_json, name="listing_json"),
    path("diplomerade/oppna-data/", views.open_data, name="open_data"),
    path("diplomerade/statistik/", views.statistics, name="statistics"),
    path("diplomerade/<slug:slug>/", views.profile, name="profile"),
    # Coordinators and members
    path("organisationer/", views.my_organisations, name="my_organisations"),
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
    path("organisationer/<slug:slug>/arbetsgrupp/", views.local_group, name="local_group"),
    path(
        "organisationer/<slug:slug>/arbetsgrupp/<int:pk>/",
        views.group_member_edit,
        name="group_member_edit",
    ),
    path("inbjudan/<str:token>/", views.invitation, name="invitation"),
]
