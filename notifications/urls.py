from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("konto/e-post/", views.preferences, name="preferences"),
    path("e-post/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
