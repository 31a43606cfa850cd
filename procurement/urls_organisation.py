"""Procurement pages that belong to one organisation: /organisationer/<slug>/upphandling/ (contracts
and supplier follow-up) and /organisationer/<slug>/mal/ (goals and indicators). Every view takes
the organisation's ``slug`` and fetches it through a selector that answers 404 to outsiders."""

from django.urls import path  # noqa: F401

app_name = "procurement_org"

urlpatterns: list = []
