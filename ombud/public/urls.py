from django.urls import path, register_converter

from ombud.public import track_views, views


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
    path("track/", track_views.resend, name="resend"),
    path("track/<str:token>/", track_views.track, name="track"),
    path("track/<str:token>/upload/", track_views.track_upload, name="track_upload"),
    path("track/<str:token>/hearing/", track_views.track_hearing, name="track_hearing"),
    path("track/<str:token>/consent/", track_views.track_consent, name="track_consent"),
    path("track/<str:token>/withdraw/", track_views.track_withdraw, name="track_withdraw"),
    path("track/<str:token>/appeal/", track_views.track_appeal, name="track_appeal"),
    path("track/<str:token>/remedy/", track_views.track_remedy, name="track_remedy"),
    path("track/<str:token>/book/", track_views.track_book, name="track_book"),
    path("track/<str:token>/revoke/", track_views.track_revoke, name="track_revoke"),
    path("track/<str:token>/documents/<int:document_id>/", track_views.track_document,
         name="track_document"),
    path("<slug:org>/<slug:case_type>/new/", views.file_case, name="file"),
    path("<slug:org>/<slug:case_type>/received/<formkey:key>/", views.receipt, name="receipt"),
]
