from django.urls import path

from .views import directory, feedback, handbook

app_name = "network"

urlpatterns = [
    path("handbok/", handbook.handbook, name="handbook"),
    path("handbok/handbok.pdf", handbook.handbook_pdf, name="handbook_pdf"),
    path("handbok/bestall/", handbook.order, name="order"),
    path("handbok/<slug:slug>/", handbook.chapter, name="chapter"),
    path("katalog/", directory.directory, name="directory"),
    path("katalog/<slug:slug>/", directory.organisation, name="directory_organisation"),
    path("konto/katalog/", directory.entry, name="directory_entry"),
    path("sidrespons/", feedback.give, name="feedback"),
]
