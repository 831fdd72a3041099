from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.i18n import set_language

from ombud.orgs.views import LoginView, home

urlpatterns = [
    path("", home, name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("login/second-factor/", include("ombud.twofactor.urls")),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("ombud.public.urls")),
    path("", include("ombud.cases.urls")),
]
