from django.urls import path

from .views import requirements, risks

app_name = "procurement"

urlpatterns: list = [
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
]
