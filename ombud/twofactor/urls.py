from django.urls import path

from ombud.twofactor import account_views, views

app_name = "twofactor"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("me/", account_views.account, name="account"),
    path("me/recovery-codes/", account_views.recovery_codes_renew, name="recovery_codes_renew"),
    path("me/keys/<int:pk>/remove/", account_views.security_key_remove,
         name="security_key_remove"),
]
