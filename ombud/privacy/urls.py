from django.urls import path

from ombud.privacy import views

app_name = "privacy"

urlpatterns = [
    path("<slug:org>/privacy/", views.console, name="console"),
    path("<slug:org>/privacy/person/<int:party_id>/", views.person, name="person"),
    path("<slug:org>/privacy/person/<int:party_id>/export/", views.export, name="export"),
    path("<slug:org>/privacy/person/<int:party_id>/rectify/<int:target_id>/", views.rectify,
         name="rectify"),
    path("<slug:org>/privacy/person/<int:party_id>/erase/", views.erase, name="erase"),
    path("<slug:org>/privacy/someone/<slug:key>/", views.someone, name="someone"),
    path("<slug:org>/privacy/someone/<slug:key>/export/", views.someone_export,
         name="someone_export"),
    path("<slug:org>/privacy/someone/<slug:key>/erase/", views.someone_erase,
         name="someone_erase"),
    path("<slug:org>/privacy/reads/", views.reads, name="reads"),
]
