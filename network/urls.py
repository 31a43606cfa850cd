from django.urls import path

from .views import handbook

app_name = "network"

urlpatterns = [
    path("handbok/", handbook.handbook, name="handbook"),
    path("handbok/handbok.pdf", handbook.handbook_pdf, name="handbook_pdf"),
    path("handbok/bestall/", handbook.order, name="order"),
    path("handbok/<slug:slug>/", handbook.chapter, name="chapter"),
]
