from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok")


urlpatterns = [path("minimal/", minimal), path("", include("ombud.urls"))]
