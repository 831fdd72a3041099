from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.i18n import set_language

from ombud.ops.metrics import metrics
from ombud.signin import views as signin
from ombud.signin.views import LoginView, home
from ombud.web import health

# The 500 page names the request id of the failure's log line (issue 9, finding 9).
handler500 = "ombud.web.views.server_error"

urlpatterns = [
    # For the supervisor and the load balancer (docs/operating.md, "Health and metrics").
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("", home, name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("login/second-factor/", include("ombud.twofactor.urls")),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/reset/", signin.password_reset, name="password_reset"),
    path("password/reset/sent/", signin.password_reset_sent, name="password_reset_sent"),
    path("password/reset/done/", signin.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("password/reset/<uidb64>/<token>/", signin.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/login/", signin.admin_login),  # one sign-in form for everyone (the lockout)
    path("admin/", admin.site.urls),
    path("", include("ombud.public.urls")),
    path("", include("ombud.cases.urls")),
    path("", include("ombud.audit.urls")),
    path("", include("ombud.reports.urls")),
]
