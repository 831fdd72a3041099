"""django-helpdesk's URLs, and the minimal POST view measured beside its public form."""

from django.http import HttpResponse
from django.urls import include, path


def minimal_post(request):
    """Django parses the POST and answers, nothing more (as Ombud's minimal view)."""
    return HttpResponse(str(len(request.POST)))


urlpatterns = [
    path("helpdesk/", include("helpdesk.urls")),
    path("minimal/", minimal_post),
]
