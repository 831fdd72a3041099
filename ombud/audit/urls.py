from django.urls import path

from ombud.audit import views

app_name = "audit"
urlpatterns = [
    path("<slug:org>/cases/<str:reference>/proof/", views.proof_download, name="proof"),
    path("<slug:org>/cases/<str:reference>/case-file/", views.case_file_download,
         name="case_file"),
]
