from django.urls import path

from . import views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("sessioner/", views.sessions, name="sessions"),
    path("personuppgifter/", views.personal_data, name="personal_data"),
    path(
        "personuppgifter/export/<str:token>/",
        views.data_export_download,
        name="data_export_download",
    ),
    path("radera/", views.erase, name="account_erase"),
]
