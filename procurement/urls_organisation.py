"""Procurement pages that belong to one organisation: /organisationer/<slug>/upphandling/ (contracts
and supplier follow-up) and /organisationer/<slug>/mal/ (goals and indicators). Every view takes
the organisation's ``slug`` and fetches it through a selector that answers 404 to outsiders."""

from django.urls import path

from .views import goals

app_name = "procurement_org"

urlpatterns: list = [
    path("mal/", goals.goals, name="goals"),
    path("mal/nytt/", goals.goal_new, name="goal_new"),
    path("mal/<int:pk>/", goals.goal_change, name="goal_change"),
    path("mal/siffror/", goals.figure_new, name="figure_new"),
    path("mal/siffror/<int:pk>/", goals.figure_change, name="figure_change"),
    path("mal/publicera/", goals.publication, name="goal_publication"),
]
