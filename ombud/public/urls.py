from django.urls import path, register_converter

from ombud.public import views


class FormKey:
    """The idempotency key in a receipt's address: only what the server issues."""

    regex = r"[A-Za-z0-9_.-]{20,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormKey, "formkey")

app_name = "public"
urlpatterns = [
    path("track/", views.resend, name="resend"),
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/upload/", views.track_upload, name="track_upload"),
    path("track/<str:token>/hearing/", views.track_hearing, name="track_hearing"),
    path("track/<str:token>/consent/", views.track_consent, name="track_consent"),
    path("track/<str:token>/withdraw/", views.track_withdraw, name="track_withdraw"),
    path("track/<str:token>/revoke/", views.track_revoke, name="track_revoke"),
    path("track/<str:token>/documents/<int:document_id>/", views.track_document,
         name="track_document"),
    path("<slug:org>/<slug:case_type>/new/", views.file_case, name="file"),
    path("<slug:org>/<slug:case_type>/received/<formkey:key>/", views.receipt, name="receipt"),
]
