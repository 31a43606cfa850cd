from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("handbok/", views.handbook, name="handbook"),
    path("handbok/handbok.pdf", views.handbook_pdf, name="handbook_pdf"),
    path("handbok/bestall/", views.order, name="order"),
    path("handbok/<slug:slug>/", views.chapter, name="chapter"),
]
