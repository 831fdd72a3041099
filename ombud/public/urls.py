from django.urls import path

from ombud.public import views

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
    path("<slug:org>/<slug:case_type>/received/<str:key>/", views.receipt, name="receipt"),
]
