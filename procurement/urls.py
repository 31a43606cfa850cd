from django.urls import path

from .views import packages

app_name = "procurement"

urlpatterns: list = [
    # The requirement builder and the saved requirement packages.
    path("kravpaket/", packages.builder, name="package_builder"),
    path("kravpaket/hamta/<str:fmt>/", packages.builder_download, name="package_builder_download"),
    path("kravpaket/<slug:slug>/", packages.package_list, name="package_list"),
    path("kravpaket/<slug:slug>/<int:pk>/", packages.package_detail, name="package_detail"),
    path("kravpaket/<slug:slug>/<int:pk>/andra/", packages.package_change, name="package_change"),
    path(
        "kravpaket/<slug:slug>/<int:pk>/uppdatera/",
        packages.package_update,
        name="package_update",
    ),
    path(
        "kravpaket/<slug:slug>/<int:pk>/hamta/<str:fmt>/",
        packages.package_download,
        name="package_download",
    ),
    path(
        "kravpaket/<slug:slug>/<int:pk>/dokument/<int:document>/",
        packages.package_document,
        name="package_document",
    ),
]
