"""Procurement pages that belong to one organisation: /organisationer/<slug>/upphandling/ (contracts
and supplier follow-up) and /organisationer/<slug>/mal/ (goals and indicators). Every view takes
the organisation's ``slug`` and fetches it through a selector that answers 404 to outsiders."""

from django.urls import path

from .views import followup, goals

app_name = "procurement_org"

urlpatterns: list = [
    path("mal/", goals.goals, name="goals"),
    path("mal/nytt/", goals.goal_new, name="goal_new"),
    path("mal/<int:pk>/", goals.goal_change, name="goal_change"),
    path("mal/siffror/", goals.figure_new, name="figure_new"),
    path("mal/siffror/<int:pk>/", goals.figure_change, name="figure_change"),
    path("mal/publicera/", goals.publication, name="goal_publication"),
    path("upphandling/", followup.contract_list, name="contracts"),
    path("upphandling/avtal/ny/", followup.contract_new, name="contract_new"),
    path("upphandling/avtal/<int:pk>/", followup.contract_detail, name="contract"),
    path("upphandling/avtal/<int:pk>/andra/", followup.contract_change, name="contract_change"),
    path("upphandling/avtal/<int:pk>/steg/ny/", followup.step_edit, name="step_new"),
    path("upphandling/avtal/<int:pk>/steg/<int:step>/", followup.step_edit, name="step"),
    path(
        "upphandling/avtal/<int:pk>/steg/<int:step>/avvikelse/ny/",
        followup.deviation_new,
        name="deviation_new",
    ),
    path(
        "upphandling/avtal/<int:pk>/avvikelse/<int:deviation>/stang/",
        followup.deviation_close,
        name="deviation_close",
    ),
    path(
        "upphandling/avtal/<int:pk>/dokument/<int:document>/",
        followup.document,
        name="document",
    ),
    path(
        "upphandling/avtal/<int:pk>/dokument/<int:document>/ta-bort/",
        followup.document_delete,
        name="document_delete",
    ),
    path("upphandling/avtal/<int:pk>/dela/", followup.share, name="share"),
    path(
        "upphandling/avtal/<int:pk>/tackning/<int:shared>/",
        followup.coverage,
        name="coverage",
    ),
    path("upphandling/delad/<int:pk>/", followup.shared_detail, name="shared"),
    path(
        "upphandling/delad/<int:pk>/dokument/<int:document>/",
        followup.shared_document,
        name="shared_document",
    ),
]
