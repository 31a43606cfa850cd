from django.urls import path

from .views import followup, goals, packages, requirements, risks

app_name = "procurement"

urlpatterns: list = [
    # The national aggregate of purchase shares and its open data.
    path("inkopsandelar/", goals.aggregate, name="aggregate"),
    path("inkopsandelar/data.csv", goals.aggregate_csv, name="aggregate_csv"),
    path("inkopsandelar/data.json", goals.aggregate_json, name="aggregate_json"),
    path("uppfoljning/", followup.supplier_overview, name="supplier_overview"),
    path("risker/", risks.category_list, name="risk_categories"),
    path("risker/<slug:slug>/", risks.category_detail, name="risk_category"),
    path("krav/", requirements.library, name="library"),
    path("krav/jamfor/", requirements.compare, name="compare"),
    path("krav/<str:identifier>/", requirements.requirement_detail, name="requirement"),
    path(
        "krav/<str:identifier>/v<int:number>/",
        requirements.requirement_version,
        name="requirement_version",
    ),
    path(
        "krav/<str:identifier>/v<int:old>...v<int:new>/",
        requirements.requirement_diff,
        name="requirement_diff",
    ),
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
