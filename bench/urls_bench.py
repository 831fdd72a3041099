from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


def minimal(request):
    return HttpResponse("ok")


@csrf_exempt
def minimal_post(request):
    """The baseline for the public form: Django parses the POST and answers, nothing more."""
    return HttpResponse(str(len(request.POST)))


urlpatterns = [path("minimal/", minimal), path("minimal-post/", minimal_post),
               path("", include("ombud.urls"))]
