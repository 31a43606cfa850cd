"""The project's URLs plus one view that forgot to declare who may use it."""

from django.http import HttpResponse
from django.urls import path

from fairtrade_portal.urls import urlpatterns as project_urlpatterns


def forgotten(request):
    return HttpResponse("anyone can see this")


urlpatterns = [*project_urlpatterns, path("forgotten/", forgotten, name="forgotten")]
