"""Ombud's URLs plus one view that fails, as a bug would, repeating what was posted."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from ombud.urls import handler500
from ombud.urls import urlpatterns as ombud_urlpatterns

__all__ = ["handler500", "urlpatterns"]


@csrf_exempt
def fail(request, token: str):
    raise ValueError(f"cannot file for {request.POST.get('name')} <{request.POST.get('email')}>")


urlpatterns = [path("fail/<str:token>/", fail), *ombud_urlpatterns]
